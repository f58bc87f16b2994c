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
 * Long-running processes pass their logger: an idle pooled connection that dies (a Postgres
 * restart) emits 'error' on the pool, which would crash the process if nobody listened.
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
    application_name: options.applicationName ?? 'sipeat',
  });
  const { logger } = options;
  if (logger) {
    pool.on('error', (error) =>
      logger.warn({ error: error.message }, 'idle database connection lost'),
    );
  }
  return { db: drizzle(pool, { schema }), pool };
}
