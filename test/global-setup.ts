import { createDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { testEnv } from './support/env';

/**
 * Runs once before the suite. `npm test` (test/run.ts) has already started the stack or found
 * one running; here we only bring the schema up to date.
 */
export default async function setup(): Promise<void> {
  const { db, pool } = createDatabase({ url: testEnv.databaseUrl, maxConnections: 1 });
  try {
    await applyMigrations(db);
  } finally {
    await pool.end();
  }
}
