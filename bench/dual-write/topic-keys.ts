import { Kafka, logLevel, type Admin } from 'kafkajs';

export type PartitionOffsets = { partition: number; offset: string }[];

export function benchKafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'sipeat-bench', brokers, logLevel: logLevel.NOTHING });
}

/** The offset the next record of each partition will get: where "from now on" starts. */
export async function topicEnds(admin: Admin, topic: string): Promise<PartitionOffsets> {
  const ends = await admin.fetchTopicOffsets(topic);
  return ends.map(({ partition, high }) => ({ partition, offset: high }));
}

/**
 * Reads the keys of every record written to `topic` after `from`, until each of `expected` has
 * been seen or no new key arrived for `idleSeconds` (the producer has caught up, or never will).
 */
export async function keysSince(options: {
  brokers: string[];
  topic: string;
  from: PartitionOffsets;
  groupId: string;
  expected: ReadonlySet<string>;
  idleSeconds: number;
}): Promise<Set<string>> {
  const kafka = benchKafka(options.brokers);
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({
    groupId: options.groupId,
    topic: options.topic,
    partitions: options.from,
  });
  await admin.disconnect();

  const keys = new Set<string>();
  let lastNewKeyAt = Date.now();
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 250 });
  await consumer.connect();
  await consumer.subscribe({ topic: options.topic });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const key = message.key?.toString();
        if (key && !keys.has(key)) {
          keys.add(key);
          lastNewKeyAt = Date.now();
        }
      }
    },
  });

  const allSeen = () => [...options.expected].every((key) => keys.has(key));
  while (!allSeen() && Date.now() - lastNewKeyAt < options.idleSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await consumer.disconnect();
  return keys;
}
