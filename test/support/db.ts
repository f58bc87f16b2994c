import { afterAll } from 'vitest';
import { createDatabase, type Database } from '../../db/client';
import { testEnv } from './env';

/** A pool for one test file, closed after its last test. */
export function useTestDatabase(maxConnections = 5): Database {
  const database = createDatabase({
    url: testEnv.databaseUrl,
    maxConnections,
    applicationName: 'sipeat-test',
  });
  afterAll(() => database.pool.end());
  return database;
}
