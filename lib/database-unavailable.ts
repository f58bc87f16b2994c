/*
 * Whether an error means "Postgres cannot be reached right now" (down, restarting, connection
 * cut) rather than "this statement failed". The API answers such errors with 503; the workers
 * wait them out without spending an event's attempts, since no event can succeed meanwhile.
 */

// SQLSTATE class 08 (connection exception) and 57P0x (admin or crash shutdown, cannot connect
// now: the server is starting or stopping).
const unavailableSqlStates = /^(08|57P0)/;
const unavailableNodeCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);
// node-postgres reports a socket closed under a query with a plain Error and no code.
const unavailableMessages = [
  /^Connection terminated/,
  /^Client has encountered a connection error/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    // A domain error already says what failed (an outside system's timeout, say); what caused
    // it beneath is not a database connection.
    if ((current as { name?: unknown }).name === 'DomainError') return false;
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (
      typeof code === 'string' &&
      (unavailableSqlStates.test(code) || unavailableNodeCodes.has(code))
    )
      return true;
    if (typeof message === 'string' && unavailableMessages.some((m) => m.test(message)))
      return true;
    current = cause;
  }
  return false;
}
