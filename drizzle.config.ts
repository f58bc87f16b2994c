import { defineConfig } from 'drizzle-kit';
import { stackDefaults } from './lib/env';

export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  dbCredentials: { url: process.env.DATABASE_URL ?? stackDefaults.DATABASE_URL },
  migrations: { table: '__drizzle_migrations', schema: 'public' },
});
