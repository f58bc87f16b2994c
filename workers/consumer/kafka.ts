import {
  Kafka,
  Partitioners,
  logLevel as kafkaLogLevel,
  type Consumer,
  type IHeaders,
  type KafkaMessage,
  type LogEntry,
} from 'kafkajs';
import type { Logger } from '../../lib/logger';
import type { InboundMessage, OutboundMessage } from './inbound-message';

/*
 * The only module that imports kafkajs. Handlers and the runner see InboundMessage and the
 * functions below, so swapping the client (kafkajs is unmaintained) touches this file alone.
 */

export type MessageCallback = (
  message: InboundMessage,
  controls: {
    heartbeat(): Promise<void>;
    /**
     * False once the consumer is stopping or a seek is pending: stop waiting and give the record
     * back. A partition taken away in a rebalance shows instead as `heartbeat()` throwing.
     */
    isRunning(): boolean;
  },
) => Promise<void>;

export type RunningConsumer = {
  /** Finishes the record in hand (its offset committed), then leaves the group. */
  stop(): Promise<void>;
  /** False once the client gave up (a crash it will not restart from). */
  healthy(): boolean;
};

export type PartitionLag = { topic: string; partition: number; lag: number };

export type KafkaBus = {
  ensureTopics(topics: string[], partitions: number): Promise<void>;
  /**
   * Runs a consumer group over one topic, one record at a time per partition, partitions in
   * parallel. Offsets are committed only for records whose `onMessage` resolved (once per
   * batch); if it throws, the record is fetched again. A new group starts from the earliest
   * offset.
   */
  consume(options: {
    groupId: string;
    topic: string;
    onMessage: MessageCallback;
  }): Promise<RunningConsumer>;
  publish(messages: OutboundMessage[]): Promise<void>;
  consumerLag(groupId: string, topic: string): Promise<PartitionLag[]>;
  /** Reads a topic from the beginning up to its end at call time. */
  readAll(topic: string): Promise<InboundMessage[]>;
  disconnect(): Promise<void>;
};

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name] = (Array.isArray(value) ? value[0] : value)?.toString() ?? '';
  }
  return out;
}

function toInbound(topic: string, partition: number, message: KafkaMessage): InboundMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: message.value,
    headers: decodeHeaders(message.headers),
  };
}

function pinoLogCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...fields } = log;
      const entry = { namespace, ...fields };
      if (level <= kafkaLogLevel.ERROR) logger.error(entry, message);
      else if (level === kafkaLogLevel.WARN) logger.warn(entry, message);
      else logger.debug(entry, message);
    };
}

export function createKafkaBus(options: {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** How long the group waits for a silent member (a killed process) before rebalancing. */
  sessionTimeoutMs?: number;
  /** How many of a consumer's partitions are processed at the same time. */
  partitionsInParallel?: number;
}): KafkaBus {
  const partitionsInParallel = options.partitionsInParallel ?? 3;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: kafkaLogLevel.WARN,
    logCreator: pinoLogCreator(options.logger.child({ component: 'kafkajs' })),
  });
  const admin = kafka.admin();
  // The Java-compatible murmur2 partitioner, as Debezium's producer uses: a replayed record lands
  // on the partition its key had originally, keeping per-aggregate order.
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumers = new Set<Consumer>();
  const connected = Promise.all([admin.connect(), producer.connect()]);

  return {
    async ensureTopics(topics, partitions) {
      await connected;
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: partitions,
            replicationFactor: 1,
          })),
        });
      } catch (error) {
        // kafkajs' leader wait can fail on a broker that has not caught up though the topics
        // exist; only a topic that is still missing is a real failure.
        const now = new Set(await admin.listTopics());
        if (missing.some((t) => !now.has(t))) throw error;
      }
    },

    async consume({ groupId, topic, onMessage }) {
      const consumer = kafka.consumer({
        groupId,
        maxWaitTimeInMs: 250,
        sessionTimeout: options.sessionTimeoutMs ?? 30_000,
      });
      consumers.add(consumer);
      let crashed = false;
      consumer.on(consumer.events.CRASH, (event) => {
        if (!event.payload.restart) crashed = true;
      });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // Partitions are independent (order matters only within one), so they run side by side.
        partitionsConsumedConcurrently: partitionsInParallel,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          let done: string | undefined;
          try {
            for (const message of batch.messages) {
              // Stop between records on shutdown or rebalance; the record in hand is finished first.
              if (!isRunning() || isStale()) break;
              await onMessage(toInbound(batch.topic, batch.partition, message), {
                heartbeat,
                isRunning: () => isRunning() && !isStale(),
              });
              resolveOffset(message.offset);
              done = message.offset;
              await heartbeat();
            }
          } finally {
            // One commit per batch, not per record: the inbox already makes a redelivered record
            // a no-op, so a crash between two commits costs a few skipped duplicates, not effects.
            if (done !== undefined) {
              await consumer.commitOffsets([
                { topic: batch.topic, partition: batch.partition, offset: nextOffset(done) },
              ]);
            }
          }
        },
      });

      return {
        async stop() {
          consumers.delete(consumer);
          await consumer.disconnect();
        },
        healthy: () => !crashed,
      };
    },

    async publish(messages) {
      await connected;
      await producer.sendBatch({
        topicMessages: groupByTopic(messages).map(([topic, list]) => ({
          topic,
          messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
        })),
      });
    },

    async consumerLag(groupId, topic) {
      await connected;
      const [committed, ends] = await Promise.all([
        admin.fetchOffsets({ groupId, topics: [topic] }),
        admin.fetchTopicOffsets(topic),
      ]);
      const committedByPartition = new Map(
        (committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]),
      );
      return ends.map((end) => {
        const at = committedByPartition.get(end.partition) ?? -1;
        const from = at < 0 ? Number(end.low) : at;
        return { topic, partition: end.partition, lag: Math.max(0, Number(end.high) - from) };
      });
    },

    async readAll(topic) {
      await connected;
      const ends = await admin.fetchTopicOffsets(topic);
      const pending = new Map(
        ends
          .filter((e) => Number(e.high) > Number(e.low))
          .map((e) => [e.partition, Number(e.high)]),
      );
      const out: InboundMessage[] = [];
      if (pending.size === 0) return out;

      // A throwaway group that never commits: reading leaves no trace on the broker.
      const reader = kafka.consumer({ groupId: `sipeat-dlq-reader-${process.pid}-${Date.now()}` });
      await reader.connect();
      await reader.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        reader
          .run({
            autoCommit: false,
            eachMessage: async ({ partition, message }) => {
              const end = pending.get(partition);
              if (end === undefined || Number(message.offset) >= end) return;
              out.push(toInbound(topic, partition, message));
              if (Number(message.offset) + 1 >= end) pending.delete(partition);
              if (pending.size === 0) resolve();
            },
          })
          .catch(reject);
      });
      await reader.disconnect();
      return out.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset));
    },

    async disconnect() {
      await Promise.all([...consumers].map((c) => c.disconnect()));
      await Promise.all([producer.disconnect(), admin.disconnect()]);
    },
  };
}

function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

function groupByTopic(messages: OutboundMessage[]): [string, OutboundMessage[]][] {
  const byTopic = new Map<string, OutboundMessage[]>();
  for (const m of messages) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), m]);
  return [...byTopic];
}
