import { isDatabaseUnavailable } from '../../lib/database-unavailable';
import { HttpProblem, problemTypes } from './problem';

type PgLikeError = { code?: unknown; constraint?: unknown; table?: unknown };

// Besides an unreachable database, errors a retry can cure: overload and lost serialization races.
const retryLaterCodes = new Set(['53300', '40001', '40P01']);

/**
 * Maps a Postgres error to the problem a client should see, or undefined when it is not one we
 * understand (a bug: the caller answers 500). The message carries the constraint, never the
 * driver's `detail`, which quotes the offending values.
 */
export function databaseProblem(error: unknown): HttpProblem | undefined {
  if (isDatabaseUnavailable(error)) return unavailable(error);
  const pgError = findPgError(error);
  if (pgError === undefined) return undefined;
  const code = String(pgError.code);
  const constraint = typeof pgError.constraint === 'string' ? pgError.constraint : 'a constraint';

  if (code === '23505') {
    return new HttpProblem(409, {
      type: problemTypes.conflict,
      title: 'Conflict',
      detail: `the write conflicts with an existing row (${constraint})`,
      cause: error,
    });
  }
  if (code === '23503') {
    return new HttpProblem(422, {
      type: problemTypes.unknownReference,
      title: 'Unknown reference',
      detail: `the request refers to something that does not exist (${constraint})`,
      cause: error,
    });
  }
  if (code.startsWith('22') || code === '23502' || code === '23514') {
    return new HttpProblem(422, {
      type: problemTypes.validation,
      title: 'Validation failed',
      detail: 'a value cannot be stored as given',
      cause: error,
    });
  }
  if (retryLaterCodes.has(code)) return unavailable(error);
  return undefined;
}

function unavailable(cause: unknown): HttpProblem {
  return new HttpProblem(503, {
    type: problemTypes.unavailable,
    title: 'Service Unavailable',
    detail: 'the database is unavailable; retry later',
    headers: { 'retry-after': '1' },
    cause,
  });
}

/** The driver error, whether thrown directly or wrapped (drizzle wraps it as `cause`). */
function findPgError(error: unknown): PgLikeError | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && typeof (current as PgLikeError).code === 'string') {
      return current as PgLikeError;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
