import type { Tx } from '../../db/client';
import type { RequestState } from './request-state';

/**
 * One link of the request chain. `handle` either completes or throws (a RequestRefusal for a
 * business "no", a retriable DomainError for a slow outside system). `compensate` undoes a
 * completed `handle` when a later link fails.
 */
export type RequestStep = {
  name: string;
  handle(tx: Tx, state: RequestState): Promise<void>;
  compensate?(tx: Tx, state: RequestState): Promise<void>;
};
