import { serve } from '@hono/node-server';
import { Kafka, Partitioners, logLevel as kafkaLogLevel } from 'kafkajs';
import pg from 'pg';
import { z } from 'zod';
import { databaseUrl, kafkaBrokers, logLevel, readEnv, runMain } from '../../lib/env';
import { createLogger } from '../../lib/logger';
import { createDualWriteApp } from './dual-write-app';

/** The original dual-write API, as a process of its own so it is measured like ours. */
runMain(async function dualWriteServer() {
  const env = readEnv(
    z.object({
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(16),
      KAFKA_BROKERS: kafkaBrokers,
      DUAL_WRITE_TOPIC: z.string().min(1),
      PORT: z.coerce.number().int().min(0).max(65_535),
      LOG_LEVEL: logLevel,
    }),
  );
  const logger = createLogger({ name: 'bench-dual-write', level: env.LOG_LEVEL });
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_MAX });
  pool.on('error', (error) => logger.warn({ error: error.message }, 'idle connection lost'));
  // kafkajs' defaults, as the original's `kafka.producer()`; only its log noise is muted.
  const producer = new Kafka({
    clientId: 'bench-dual-write',
    brokers: env.KAFKA_BROKERS,
    logLevel: kafkaLogLevel.NOTHING,
  }).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();

  const app = createDualWriteApp({ pool, producer, topic: env.DUAL_WRITE_TOPIC, logger });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: env.PORT });
  logger.info({ port: env.PORT }, 'dual-write api listening');

  const stop = () =>
    server.close(() => {
      void producer
        .disconnect()
        .then(() => pool.end())
        .finally(() => process.exit(0));
    });
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
});
