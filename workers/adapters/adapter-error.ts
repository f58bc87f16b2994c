import { DomainError } from '../../lib/errors';
import type { Fault, FaultPoint } from './fault-injector';

/**
 * Turns an injected fault into the error the real system would give: a refusal is final, a
 * timeout may succeed when tried again.
 */
export function faultError(point: FaultPoint, fault: Fault): DomainError {
  return fault.kind === 'timeout'
    ? new DomainError(`${point}_timeout`, `${point} did not answer in time`, { retriable: true })
    : new DomainError(`${point}_refused`, `${point} refused the call`);
}

/**
 * Bounds an outside call so a slow system cannot stall the consumer past its session timeout.
 * The call itself is not cancelled; its late answer is ignored.
 */
export async function withTimeout<T>(what: string, timeoutMs: number, call: () => Promise<T>) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DomainError('adapter_timeout', `${what} took longer than ${timeoutMs} ms`, {
            retriable: true,
          }),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([call(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
