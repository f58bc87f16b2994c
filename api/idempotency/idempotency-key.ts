import { createHash } from 'node:crypto';
import { HttpProblem } from '../http/problem';

const keyPattern = /^[\x21-\x7E]{1,200}$/;

/** The Idempotency-Key header, if any; printable ASCII, at most 200 characters. */
export function idempotencyKeyFrom(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!keyPattern.test(header)) {
    throw new HttpProblem(400, {
      title: 'Bad Request',
      detail: 'Idempotency-Key must be 1 to 200 printable ASCII characters',
    });
  }
  return header;
}

/** Fingerprint of a validated input: equal for the same request whatever its whitespace. */
export function requestHash(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('base64url');
}
