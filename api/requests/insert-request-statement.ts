import type { OutboxEvent } from '../../events/registry';
import { entityWithEventStatements, type EntityInsert } from '../persistence/entity-with-event-sql';
import {
  entityWithEventParams,
  type IdempotencyRecord,
  type NamedStatement,
} from '../persistence/write-entity-with-event';

/**
 * The hot path. The drink request is inserted only if its machine and drink exist, and its
 * outbox row from the same statement. A machine that exists but is not active is accepted: the
 * request worker rejects it with a reason the customer can read.
 */
const insertRequest: EntityInsert = {
  table: 'drink_requests',
  columns: ['id', 'customer_name', 'drink_id', 'machine_id', 'status', 'created_at', 'updated_at'],
  values: [
    '$1::uuid',
    '$2::text',
    '$3::text',
    '$4::uuid',
    `'pending'`,
    '$5::timestamptz',
    '$5::timestamptz',
  ],
  paramCount: 5,
  guard: {
    select:
      'SELECT EXISTS (SELECT 1 FROM machines WHERE id = $4::uuid) AS machine_found, ' +
      'EXISTS (SELECT 1 FROM drinks WHERE id = $3::text) AS drink_found',
    condition: 'machine_found AND drink_found',
    flags: ['machine_found', 'drink_found'],
  },
};

export const insertRequestStatements = entityWithEventStatements('drink_request', insertRequest);
/** The statement POST /requests runs without an Idempotency-Key; the write bench runs it too. */
export const insertRequestStatement: NamedStatement = insertRequestStatements.plain;

export type RequestRow = {
  id: string;
  customerName: string;
  drinkId: string;
  machineId: string;
  at: string;
};

/** Values in statement order: $1 id, $2 customer, $3 drink, $4 machine, $5 time, then the event. */
export function insertRequestParams(
  row: RequestRow,
  event: OutboxEvent,
  idempotency?: IdempotencyRecord,
): unknown[] {
  return entityWithEventParams(
    [row.id, row.customerName, row.drinkId, row.machineId, row.at],
    event,
    idempotency,
  );
}
