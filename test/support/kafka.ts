import { Kafka, logLevel, type IHeaders, type KafkaMessage } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { testEnv } from './env';

export function testKafka(): Kafka {
  return new Kafka({
    clientId: `sipeat-test-${randomUUID()}`,
    brokers: testEnv.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
}

export type ReceivedMessage = {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
};

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return out;
}

function toReceived(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value?.toString('utf8') ?? null,
    headers: decodeHeaders(message.headers),
  };
}

/**
 * The current end of every partition. Right after a topic is created its leaders may not be
 * known yet ("not the leader"), so this retries for a short while.
 */
async function topicEndOffsets(kafka: Kafka, topic: string) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await admin.fetchTopicOffsets(topic);
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * A consumer in a fresh group that reads a topic from its current end: call `start()` before
 * writing, then `waitFor()` the messages you expect. Messages of other tests are ignored by
 * the predicate you pass.
 */
export async function watchTopic(topic: string, options: { groupId?: string } = {}) {
  const kafka = testKafka();
  const endOffsets = await topicEndOffsets(kafka, topic);

  const groupId = options.groupId ?? `test-watch-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
  const received: ReceivedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const started = new Promise<void>((resolve) => {
    consumer.on(consumer.events.GROUP_JOIN, () => resolve());
  });
  await consumer.run({
    eachMessage: async ({ topic: t, partition, message }) => {
      received.push(toReceived(t, partition, message));
    },
  });
  for (const { partition, offset } of endOffsets) consumer.seek({ topic, partition, offset });
  await started;

  return {
    groupId,
    received,
    async waitFor(predicate: (m: ReceivedMessage) => boolean, count: number, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const matching = received.filter(predicate);
        if (matching.length >= count) return matching;
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} messages on ${topic}, got ${matching.length} in ${timeoutMs} ms`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: () => consumer.disconnect(),
  };
}
