import { parseArgs } from 'node:util';
import { createDatabase } from '../db/client';
import { readEnv, runMain } from '../lib/env';
import { createLogger } from '../lib/logger';
import { defaultAdapters } from './adapters/default-adapters';
import { noFaults, parseFaultSpec, seededFaults } from './adapters/fault-injector';
import { startHealthServer } from './consumer/health-server';
import { createKafkaBus } from './consumer/kafka';
import { startWorkers } from './consumer/start-workers';
import { parseRestrictedAreas } from './machines/restricted-areas';
import { workerEnvSchema } from './worker-env';
import { createWorkerGroups } from './worker-groups';

runMain(async function main() {
  // `--only contact,request` wins over WORKER_GROUPS.
  const { values } = parseArgs({ options: { only: { type: 'string' } } });
  const env = readEnv(workerEnvSchema, {
    ...process.env,
    ...(values.only ? { WORKER_GROUPS: values.only } : {}),
  });
  const logger = createLogger({ name: 'workers', level: env.LOG_LEVEL });

  const faultSpec = env.FAULTS ? parseFaultSpec(env.FAULTS) : undefined;
  const faults = faultSpec?.ok ? seededFaults(faultSpec) : noFaults;
  if (faultSpec?.ok)
    logger.warn({ rates: faultSpec.rates, seed: faultSpec.seed }, 'fault injection on');

  const partitionsInParallel = env.WORKER_PARTITIONS_IN_PARALLEL;
  // Each event in flight holds a transaction, and a drink request borrows a second connection
  // (the payment ledger writes on its own, like an outside provider), so size the pool for both,
  // or the transactions could wait on each other for connections. The pool opens them lazily.
  const lanes = env.WORKER_GROUPS.length * partitionsInParallel;
  const paymentLanes = env.WORKER_GROUPS.includes('request') ? partitionsInParallel : 0;
  const database = createDatabase({
    url: env.DATABASE_URL,
    applicationName: 'sipeat-workers',
    logger,
    maxConnections: lanes + paymentLanes + 2,
  });
  const bus = createKafkaBus({
    brokers: env.KAFKA_BROKERS,
    clientId: 'sipeat-workers',
    logger,
    sessionTimeoutMs: env.WORKER_SESSION_TIMEOUT_MS,
    partitionsInParallel,
  });
  const adapters = defaultAdapters({
    db: database.db,
    logger,
    faults,
    ...(env.SMTP_URL ? { smtpUrl: env.SMTP_URL } : {}),
    mailFrom: env.MAIL_FROM,
    timeoutMs: env.ADAPTER_TIMEOUT_MS,
  });
  const groups = createWorkerGroups({
    names: env.WORKER_GROUPS,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    groupPrefix: env.WORKER_GROUP_PREFIX,
    db: database.db,
    adapters,
    logger,
    restrictedAreas: parseRestrictedAreas(env.RESTRICTED_AREAS),
    initialStock: env.INITIAL_STOCK,
  });

  const crashAfter = env.WORKER_CRASH_AFTER_COMMIT;
  const workers = await startWorkers({
    db: database.db,
    bus,
    groups,
    logger,
    retry: {
      maxAttempts: env.WORKER_MAX_ATTEMPTS,
      baseDelayMs: env.WORKER_RETRY_BASE_MS,
      maxDelayMs: 10_000,
    },
    ...(crashAfter
      ? {
          afterCommit: (eventId: string) =>
            eventId === crashAfter && process.kill(process.pid, 'SIGKILL'),
        }
      : {}),
  });
  const server = await startHealthServer({
    port: env.WORKER_PORT,
    healthy: () => workers.health(),
    registry: workers.metrics.registry,
  });
  logger.info({ port: server.port, groups: env.WORKER_GROUPS }, 'workers ready');

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'workers stopping');
    await workers.stop();
    await bus.disconnect();
    await server.close();
    await database.pool.end();
    logger.info({}, 'workers stopped');
  }
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
});
