import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { AnyEvent } from '../../events';
import type { WorkerGroupName } from '../worker-groups';
import { waitFor } from '../../test/support/eventually';

/**
 * A private set of topics (`test.<uuid>.<name>.events` and their `.dlq`, 3 partitions each) and
 * group prefix for one test, plus a producer that writes records the way Debezium's outbox
 * router does: key = aggregate id, value = envelope JSON, headers `id` and `eventType`.
 */
export async function createTestTopics(kafka: Kafka) {
  const topicPrefix = `test.${randomUUID()}`;
  const groupPrefix = `test-${randomUUID()}`;
  const topic = (name: WorkerGroupName) => `${topicPrefix}.${name}.events`;
  const names: WorkerGroupName[] = ['contact', 'request', 'machine'];

  const admin = kafka.admin();
  await admin.connect();
  const all = names.flatMap((n) => [topic(n), `${topic(n)}.dlq`]);
  // kafkajs' own wait for leaders can ask a broker that has not caught up yet and throw
  // "does not host this topic-partition"; the topics exist by then, so wait for them ourselves.
  await admin
    .createTopics({
      waitForLeaders: false,
      topics: all.map((t) => ({ topic: t, numPartitions: 3 })),
    })
    .catch(() => undefined);
  await waitFor('test topics to have leaders', async () => {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: all });
      return topics.every(
        (t) => t.partitions.length === 3 && t.partitions.every((p) => p.leader >= 0),
      );
    } catch {
      return false;
    }
  });
  await admin.disconnect();

  const producer = kafka.producer();
  await producer.connect();

  return {
    topicPrefix,
    groupPrefix,
    topic,
    groupId: (name: WorkerGroupName) => `${groupPrefix}-${name}-processor`,
    async sendEvent(name: WorkerGroupName, key: string, event: AnyEvent) {
      await producer.send({
        topic: topic(name),
        messages: [
          { key, value: JSON.stringify(event), headers: { id: event.id, eventType: event.type } },
        ],
      });
    },
    async sendRaw(
      name: WorkerGroupName,
      message: {
        key: string;
        value: string | null;
        headers?: Record<string, string>;
        partition?: number;
      },
    ) {
      await producer.send({ topic: topic(name), messages: [message] });
    },
    close: () => producer.disconnect(),
  };
}
