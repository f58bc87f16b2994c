/**
 * How one resource's row is inserted: its columns and the SQL expressions (with explicit casts,
 * since the values come through INSERT ... SELECT) that fill them from `$1..$paramCount`.
 */
export type EntityInsert = {
  table: string;
  columns: readonly string[];
  values: readonly string[];
  paramCount: number;
  /**
   * Checks that must hold for the row to be written, evaluated in the same statement, e.g. that
   * referenced rows exist. `select` yields one row of boolean `flags`; `condition` combines them.
   */
  guard?: { select: string; condition: string; flags: readonly string[] };
};

/** Parameters after the entity's: the outbox row, then (keyed only) the idempotency record. */
export const eventParamCount = 5;
export const keyParamCount = 6;

/**
 * Builds ONE statement that inserts the entity and its outbox row, so the pair commits or fails
 * together without a BEGIN/COMMIT round trip. With `keyed`, the idempotency record is inserted
 * first with ON CONFLICT DO NOTHING and the entity is inserted only if that record was: a
 * concurrent retry blocks on the key's unique index until the first commits, then writes
 * nothing. The statement always returns one row: `created`, `key_stored` and the guard's flags.
 */
export function entityWithEventSql(spec: EntityInsert, options: { keyed: boolean }): string {
  const p = (offset: number) => `$${spec.paramCount + offset}`;
  const ctes: string[] = [];
  const sources: string[] = [];

  if (spec.guard) {
    ctes.push(`guard AS (${spec.guard.select})`);
    sources.push('guard');
  }
  const where = spec.guard ? ` WHERE ${spec.guard.condition}` : '';

  if (options.keyed) {
    const k = (i: number) => p(eventParamCount + i);
    ctes.push(
      `idem AS (INSERT INTO idempotency_keys ` +
        `(scope, key, request_hash, status_code, response_body, location) ` +
        `SELECT ${k(1)}::text, ${k(2)}::text, ${k(3)}::text, ${k(4)}::int, ${k(5)}::jsonb, ${k(6)}::text` +
        `${spec.guard ? ' FROM guard' : ''}${where} ON CONFLICT DO NOTHING RETURNING 1)`,
    );
    sources.push('idem');
  }

  const from = sources.length > 0 ? ` FROM ${sources.join(', ')}` : '';
  ctes.push(
    `entity AS (INSERT INTO ${spec.table} (${spec.columns.join(', ')}) ` +
      `SELECT ${spec.values.join(', ')}${from}${where} RETURNING 1)`,
  );
  ctes.push(
    `event AS (INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) ` +
      `SELECT ${p(1)}::uuid, ${p(2)}::text, ${p(3)}::text, ${p(4)}::text, ${p(5)}::jsonb ` +
      `FROM entity RETURNING 1)`,
  );

  const columns = [
    'EXISTS (SELECT 1 FROM event) AS created',
    options.keyed ? 'EXISTS (SELECT 1 FROM idem) AS key_stored' : 'false AS key_stored',
    ...(spec.guard?.flags ?? []),
  ];
  return `WITH ${ctes.join(', ')} SELECT ${columns.join(', ')}${spec.guard ? ' FROM guard' : ''}`;
}

/**
 * The two prepared statements of a POST route: without and with an Idempotency-Key. Named
 * `<name>_insert` and `<name>_insert_keyed`, since the pool prepares each name once.
 */
export function entityWithEventStatements(name: string, spec: EntityInsert) {
  return {
    plain: { name: `${name}_insert`, text: entityWithEventSql(spec, { keyed: false }) },
    keyed: { name: `${name}_insert_keyed`, text: entityWithEventSql(spec, { keyed: true }) },
  };
}
