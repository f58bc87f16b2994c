import { Kafka, logLevel } from 'kafkajs';
import { aggregateTypes, topicFor, topicPartitions } from '../../events/envelope';

/** Debezium's heartbeat topic (prefix `__debezium-heartbeat` + topic.prefix). */
export const heartbeatTopic = '__debezium-heartbeat.sipeat';

/** The outbox topics, their dead-letter topics, and the connector's heartbeat topic. */
export function sipeatTopics(): string[] {
  const outboxTopics = aggregateTypes.flatMap((type) => [topicFor(type), `${topicFor(type)}.dlq`]);
  return [...outboxTopics, heartbeatTopic];
}

/**
 * Creates the SipEat topics that do not exist yet, with a chosen partition count, so nothing
 * depends on broker auto-creation (which is off). Existing topics are left as they are.
 */
export async function ensureTopics(
  brokers: string[],
  partitions = topicPartitions,
): Promise<string[]> {
  const kafka = new Kafka({ clientId: 'sipeat-topics', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = sipeatTopics().filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions,
          replicationFactor: 1,
        })),
      });
    }
    return missing;
  } finally {
    await admin.disconnect();
  }
}
