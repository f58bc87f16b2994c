import { createDatabase } from '../db/client';
import { readEnv, runMain } from '../lib/env';
import { createLogger } from '../lib/logger';
import { createApp } from './app';
import { apiEnv } from './config';
import { startOutboxRetention } from './persistence/outbox-retention';
import { startServer } from './server';

runMain(async function main() {
  const env = readEnv(apiEnv);
  const logger = createLogger({ name: 'sipeat-api', level: env.LOG_LEVEL });
  const { db, pool } = createDatabase({
    url: env.DATABASE_URL,
    maxConnections: env.DATABASE_POOL_MAX,
    applicationName: 'sipeat-api',
    logger,
  });

  const app = createApp({ db, logger, adminToken: env.ADMIN_TOKEN });
  const running = await startServer(app, { host: env.HOST, port: env.PORT });
  logger.info({ host: env.HOST, port: running.port }, 'listening');
  const stopRetention =
    env.OUTBOX_RETENTION_HOURS > 0
      ? startOutboxRetention({
          pool,
          logger,
          retentionMs: env.OUTBOX_RETENTION_HOURS * 3_600_000,
          everyMs: 600_000,
        })
      : () => undefined;

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Close the listener first, so anyone who sees this line also sees new connections refused.
    const closed = running.close(env.SHUTDOWN_TIMEOUT_MS);
    stopRetention();
    logger.info({ signal }, 'shutting down');
    try {
      await closed;
      await pool.end();
      logger.info({ signal }, 'stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ error: (error as Error).message }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
});
