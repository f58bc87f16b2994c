import { z } from 'zod';
import { databaseUrl, logLevel } from '../lib/env';

/** Everything the API process reads from its environment; `.env.example` lists the same. */
export const apiEnv = z.object({
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(16),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  LOG_LEVEL: logLevel,
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** Outbox rows older than this are deleted (every 10 min); 0 keeps them forever. */
  OUTBOX_RETENTION_HOURS: z.coerce.number().min(0).default(24),
});
export type ApiEnv = z.infer<typeof apiEnv>;
