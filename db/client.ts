import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Logger } from '../lib/logger';
import * as schema from './schema';

export type Db = NodePgDatabase<typeof schema>;
/** A drizzle transaction; functions that must join one take it as their first parameter. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or a transaction: for functions that work in both. */
export type Executor = Db | Tx;

export type Database = { db: Db; pool: pg.Pool };

/**
 * Opens a pool and a drizzle handle on it. The caller owns the pool and ends it on shutdown.
 * A connection that dies (a Postgres restart) emits 'error' on its client, and on the pool too
 * when it was idle; unheard, either event crashes the process. Here both are heard (and logged
 * when a logger is given); the query that was running fails on its own, for its caller to handle.
 */
export function createDatabase(options: {
  url: string;
  maxConnections?: number;
  applicationName?: string;
  logger?: Logger;
}): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    // pg closes a connection after 10 s idle by default; under bursty load that means a new
    // Postgres backend, with cold caches, at the start of every burst. Keep them for 5 min.
    idleTimeoutMillis: 300_000,
    application_name: options.applicationName ?? 'sipeat',
  });
  const { logger } = options;
  pool.on('connect', (client) =>
    client.on('error', (error) =>
      logger?.warn({ error: error.message }, 'database connection lost'),
    ),
  );
  // The pool passes on an idle client's error, which the client's listener has logged already.
  pool.on('error', () => undefined);
  return { db: drizzle(pool, { schema }), pool };
}
