import { isDatabaseUnavailable } from '../../lib/database-unavailable';
import { isRetriable } from '../../lib/errors';

export type RetryPolicy = { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
};

/** Exponential backoff with full jitter: attempt 1 waits up to base, attempt n up to base*2^(n-1). */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

// Besides an unreachable database: SQLSTATEs a retry can cure, resources (53), serialization
// failure and deadlock (40); and a host name that did not resolve.
const transientSqlStates = /^(53|40001|40P01)/;
const transientNodeCodes = new Set(['ENOTFOUND']);

/**
 * Whether trying the same event again can help. Domain errors say so themselves; driver errors
 * are judged by their code; anything unknown (a bug) is treated as transient so it is retried a
 * bounded number of times before it is dead-lettered.
 */
export function isTransient(error: unknown): boolean {
  if (isRetriable(error)) return true;
  if (!(error instanceof Error)) return true;
  if (error.name === 'DomainError') return false;
  if (error.name === 'ZodError') return false;
  if (isDatabaseUnavailable(error)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (transientSqlStates.test(code) || transientNodeCodes.has(code))) {
    return true;
  }
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? true : isTransient(cause);
}
