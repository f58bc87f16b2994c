/**
 * A failure the domain understands. `code` is stable and machine-readable; `retriable` says
 * whether trying the same thing again can succeed (a timeout can, an unknown drink cannot).
 */
export class DomainError extends Error {
  readonly code: string;
  readonly retriable: boolean;

  constructor(
    code: string,
    message: string,
    options: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.retriable = options.retriable ?? false;
  }
}

export function isRetriable(error: unknown): boolean {
  return error instanceof DomainError && error.retriable;
}

/** A short, single-line description of any thrown value, for logs and stored last_error columns. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
