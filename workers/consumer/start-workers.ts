import { topicPartitions } from '../../events/envelope';
import type { Db } from '../../db/client';
import type { Logger } from '../../lib/logger';
import { deadLetterTopicFor } from './dead-letter';
import type { ConsumerGroupSpec } from './event-handler';
import type { KafkaBus, RunningConsumer } from './kafka';
import { createMessageProcessor } from './process-message';
import type { RetryPolicy } from './retry-policy';
import { defaultRetryPolicy } from './retry-policy';
import { createWorkerMetrics, type WorkerMetrics } from './worker-metrics';

export type RunningWorkers = {
  metrics: WorkerMetrics;
  health(): { ok: boolean; groups: Record<string, boolean> };
  /** Lets every group finish its record in hand, commit it, and leave the group. */
  stop(): Promise<void>;
};

/**
 * Starts one consumer per group spec on a shared Kafka bus. Topics and their dead-letter
 * topics are created when missing, so a worker may start before the first event exists.
 */
export async function startWorkers(options: {
  db: Db;
  bus: KafkaBus;
  groups: ConsumerGroupSpec[];
  logger: Logger;
  retry?: RetryPolicy;
  partitions?: number;
  afterCommit?: (eventId: string) => void;
}): Promise<RunningWorkers> {
  const { bus, groups } = options;
  if (groups.length === 0) throw new Error('startWorkers: no consumer groups given');

  const metrics = createWorkerMetrics({
    lag: async () => {
      const rows = await Promise.all(
        groups.map(async (g) =>
          (await bus.consumerLag(g.groupId, g.topic)).map((row) => ({ ...row, group: g.groupId })),
        ),
      );
      return rows.flat();
    },
  });

  await bus.ensureTopics(
    groups.flatMap((g) => [g.topic, deadLetterTopicFor(g.topic)]),
    options.partitions ?? topicPartitions,
  );

  const running = new Map<string, RunningConsumer>();
  for (const group of groups) {
    const logger = options.logger.child({ component: 'consumer', group: group.groupId });
    const onMessage = createMessageProcessor({
      db: options.db,
      group,
      logger,
      metrics,
      retry: options.retry ?? defaultRetryPolicy,
      publish: (messages) => bus.publish(messages),
      ...(options.afterCommit ? { afterCommit: options.afterCommit } : {}),
    });
    running.set(
      group.groupId,
      await bus.consume({ groupId: group.groupId, topic: group.topic, onMessage }),
    );
    logger.info({ topic: group.topic }, 'consumer group started');
  }

  return {
    metrics,
    health() {
      const states = Object.fromEntries([...running].map(([id, c]) => [id, c.healthy()]));
      return { ok: Object.values(states).every(Boolean), groups: states };
    },
    async stop() {
      await Promise.all([...running.values()].map((c) => c.stop()));
      running.clear();
    },
  };
}
