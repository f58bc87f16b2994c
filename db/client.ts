import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema';

export type Db = NodePgDatabase<typeof schema>;
/** A drizzle transaction; functions that must join one take it as their first parameter. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or a transaction: for functions that work in both. */
export type Executor = Db | Tx;

export type Database = { db: Db; pool: pg.Pool };

/** Opens a pool and a drizzle handle on it. The caller owns the pool and ends it on shutdown. */
export function createDatabase(options: {
  url: string;
  maxConnections?: number;
  applicationName?: string;
}): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    application_name: options.applicationName ?? 'sipeat',
  });
  return { db: drizzle(pool, { schema }), pool };
}
