import type { Tx } from '../../db/client';
import type { ContactCreated } from '../../events';

/**
 * One independent reaction to a new contact. `effects` says where its effects live, which
 * decides where its completion is recorded:
 * - `transaction`: only rows in the consumer's transaction (or idempotent outside calls), so
 *   completion commits with them and a rolled-back attempt simply runs it again;
 * - `outside`: an effect that cannot be taken back or safely repeated (a sent mail), so
 *   completion is recorded on its own connection the moment it succeeds, and survives a
 *   rollback of the rest.
 * `run` returns a short summary for the outcome notification.
 */
export type ContactStrategy = {
  name: string;
  effects: 'transaction' | 'outside';
  run(tx: Tx, event: ContactCreated): Promise<string>;
};
