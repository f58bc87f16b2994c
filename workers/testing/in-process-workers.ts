import type { Db } from '../../db/client';
import { createLogger, type Logger } from '../../lib/logger';
import { testEnv } from '../../test/support/env';
import { defaultAdapters } from '../adapters/default-adapters';
import type { FaultInjector } from '../adapters/fault-injector';
import { createKafkaBus } from '../consumer/kafka';
import type { RetryPolicy } from '../consumer/retry-policy';
import { startWorkers } from '../consumer/start-workers';
import { parseRestrictedAreas } from '../machines/restricted-areas';
import { createWorkerGroups, workerGroupNames } from '../worker-groups';

/** The real runtime on a test's own topics and groups, with the adapters' test doubles. */
export async function startInProcessWorkers(options: {
  db: Db;
  topicPrefix: string;
  groupPrefix: string;
  faults?: FaultInjector;
  smtpUrl?: string;
  restrictedAreas?: string;
  /** Defaults to a silent one (TEST_LOG_LEVEL to see it). */
  logger?: Logger;
  retry?: RetryPolicy;
}) {
  const logger =
    options.logger ??
    createLogger({ name: 'workers-test', level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const bus = createKafkaBus({ brokers: testEnv.kafkaBrokers, clientId: 'workers-test', logger });
  const adapters = defaultAdapters({
    db: options.db,
    logger,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
    timeoutMs: 2_000,
  });
  const groups = createWorkerGroups({
    names: workerGroupNames,
    topicPrefix: options.topicPrefix,
    groupPrefix: options.groupPrefix,
    db: options.db,
    adapters,
    logger,
    restrictedAreas: parseRestrictedAreas(
      options.restrictedAreas ?? 'Restricted Land:*,Germany:Forbidden City',
    ),
  });
  const workers = await startWorkers({
    db: options.db,
    bus,
    groups,
    logger,
    retry: options.retry ?? { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
  });
  return {
    workers,
    async stop() {
      await workers.stop();
      await bus.disconnect();
    },
  };
}
