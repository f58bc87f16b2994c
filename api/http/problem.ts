/** One invalid field, as listed in a validation problem's `errors`. */
export type FieldError = { path: string; message: string };

/**
 * An HTTP exit with an RFC 9457 body. Handlers throw it; the one error handler renders it.
 * `type` is a stable URN a client can branch on; `about:blank` when the status says it all.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    options: {
      type?: string;
      title: string;
      detail: string;
      errors?: FieldError[];
      headers?: Record<string, string>;
      cause?: unknown;
    },
  ) {
    super(options.detail, { cause: options.cause });
    this.name = 'HttpProblem';
    this.status = status;
    this.type = options.type ?? 'about:blank';
    this.title = options.title;
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.detail,
    };
    if (this.errors) body.errors = this.errors;
    return body;
  }
}

export const problemContentType = 'application/problem+json';

/** Stable problem type URNs; the part after the last colon is also the title's slug. */
export const problemTypes = {
  validation: 'urn:sipeat:problem:validation-failed',
  unknownReference: 'urn:sipeat:problem:unknown-reference',
  conflict: 'urn:sipeat:problem:conflict',
  idempotencyKeyReused: 'urn:sipeat:problem:idempotency-key-reused',
  unavailable: 'urn:sipeat:problem:service-unavailable',
} as const;
