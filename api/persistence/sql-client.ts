import type pg from 'pg';
import type { Db } from '../../db/client';

/** The driver's query function: named statements are prepared once per pooled connection. */
export type SqlClient = Pick<pg.Pool, 'query'>;

/**
 * The pg pool under a drizzle handle. The hot path talks to it directly because drizzle cannot
 * name (and so reuse) a prepared raw statement; `createDatabase` handles always carry it.
 */
export function sqlClientOf(db: Db): SqlClient {
  const client = (db as Db & { $client?: SqlClient }).$client;
  if (!client || typeof client.query !== 'function') {
    throw new Error(
      'sqlClientOf: `db` must be a drizzle node-postgres handle (see createDatabase)',
    );
  }
  return client;
}
