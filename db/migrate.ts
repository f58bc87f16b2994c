import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { fileURLToPath } from 'node:url';
import type { Db } from './client';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Applies pending migrations, the same files and bookkeeping table `npm run db:migrate`
 * (drizzle-kit) uses, so either may run first. A second run does nothing.
 */
export async function applyMigrations(db: Db): Promise<void> {
  await migrate(db, {
    migrationsFolder,
    migrationsTable: '__drizzle_migrations',
    migrationsSchema: 'public',
  });
}
