import type { OutboxEvent } from '../../events/registry';
import type { SqlClient } from './sql-client';

/** A named statement: pg prepares it once per connection and then only binds values. */
export type NamedStatement = { name: string; text: string };

export type IdempotencyRecord = {
  scope: string;
  key: string;
  requestHash: string;
  statusCode: number;
  responseBody: unknown;
  location: string | null;
};

export type WriteOutcome = {
  created: boolean;
  keyStored: boolean;
  /** The guard's flags, e.g. `machine_found`; empty for resources without a guard. */
  flags: Record<string, boolean>;
};

/** The values of an entity-with-event statement, in the order `entityWithEventSql` numbers them. */
export function entityWithEventParams(
  entityParams: readonly unknown[],
  event: OutboxEvent,
  idempotency?: IdempotencyRecord,
): unknown[] {
  const params = [
    ...entityParams,
    event.id,
    event.aggregatetype,
    event.aggregateid,
    event.type,
    JSON.stringify(event.payload),
  ];
  if (!idempotency) return params;
  return [
    ...params,
    idempotency.scope,
    idempotency.key,
    idempotency.requestHash,
    idempotency.statusCode,
    JSON.stringify(idempotency.responseBody),
    idempotency.location,
  ];
}

/** Runs one entity-with-event statement: a single round trip, an implicit transaction. */
export async function writeEntityWithEvent(
  client: SqlClient,
  statement: NamedStatement,
  params: unknown[],
): Promise<WriteOutcome> {
  const result = await client.query<Record<string, boolean>>({
    name: statement.name,
    text: statement.text,
    values: params,
  });
  const { created = false, key_stored: keyStored = false, ...flags } = result.rows[0] ?? {};
  return { created, keyStored, flags };
}
