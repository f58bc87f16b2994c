import type { Tx } from '../../db/client';
import { DomainError, isRetriable } from '../../lib/errors';
import { RequestRefusal } from './request-refusal';
import type { RequestState } from './request-state';
import type { RequestStep } from './request-step';

export type ChainResult =
  | { status: 'completed' }
  | { status: 'rejected' | 'failed'; step: string; reason: string; error: DomainError };

/**
 * Runs the steps in order. When one fails, the chain stops and the completed steps are
 * compensated in reverse (refund before releasing stock). A retriable failure is thrown instead,
 * so the event is tried again, unless this is the last attempt: then it is settled like any
 * other failure. Errors that are not domain errors (a lost connection) always propagate.
 */
export async function runRequestChain(
  tx: Tx,
  steps: RequestStep[],
  state: RequestState,
  options: { lastAttempt: boolean },
): Promise<ChainResult> {
  const completed: RequestStep[] = [];
  for (const step of steps) {
    try {
      await step.handle(tx, state);
      completed.push(step);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (isRetriable(error) && !options.lastAttempt) throw error;

      for (const done of completed.reverse()) await done.compensate?.(tx, state);
      if (error instanceof RequestRefusal) {
        return { status: error.status, step: step.name, reason: error.customerReason, error };
      }
      return {
        status: 'failed',
        step: step.name,
        reason: 'We could not complete your request. You have not been charged.',
        error,
      };
    }
  }
  return { status: 'completed' };
}
