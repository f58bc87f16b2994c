import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { projectRoot } from '../../connect/stack/layout';
import { topicFor } from '../../events/envelope';
import { startMockDiscord, type MockDiscord } from '../../workers/discord/mock-discord';
import { startChildService, type ChildService } from '../shared/child-service';
import { freePort } from '../shared/free-port';
import { waitForQuietTopics } from './wait-for-quiet-topics';

export type Pipeline = {
  apiPort: number;
  mock: MockDiscord;
  services: ChildService[];
  /** The consumer groups whose inbox rows are this run's handler commits. */
  consumerGroups: string[];
  /** Records on the topics that this run's groups have not committed yet. */
  consumerLag(): Promise<number>;
  stop(): Promise<void>;
};

const benchGroups = ['request', 'contact'] as const;

/**
 * New groups start from the earliest offset; committing the current ends first makes this run's
 * groups skip the topics' history and handle only what arrives from now on.
 */
async function startGroupsAtEnd(brokers: string[], groupPrefix: string): Promise<string[]> {
  const admin = new Kafka({
    clientId: 'sipeat-bench',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await waitForQuietTopics(
      admin,
      benchGroups.map((name) => topicFor(name)),
      { tolerance: 20, timeoutSeconds: 180 },
    );
    const groups: string[] = [];
    for (const name of benchGroups) {
      const groupId = `${groupPrefix}-${name}-processor`;
      const topic = topicFor(name);
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
      });
      groups.push(groupId);
    }
    return groups;
  } finally {
    await admin.disconnect();
  }
}

/**
 * The whole pipeline beside the running stack: the API, workers in consumer groups of their
 * own, the dispatcher and a mock Discord in this process whose bucket never runs dry (the
 * benchmark measures our pipeline, not Discord's 5-per-2-s limit).
 */
export async function startPipeline(options: {
  databaseUrl: string;
  brokers: string[];
  groupPrefix: string;
  logDir: string;
}): Promise<Pipeline> {
  const mock = await startMockDiscord({ rateLimit: { limit: 1_000_000, windowMs: 1000 } });
  const consumerGroups = await startGroupsAtEnd(options.brokers, options.groupPrefix);
  const admin = new Kafka({
    clientId: 'sipeat-bench-lag',
    brokers: options.brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  const [apiPort, workerPort, dispatcherPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const shared = { DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'warn' };
  const entry = (file: string) => path.join(projectRoot, file);
  const log = (name: string) => path.join(options.logDir, `${name}.log`);
  const services: ChildService[] = [];

  try {
    services.push(
      await startChildService({
        name: 'api',
        entry: entry('api/main.ts'),
        env: { ...shared, PORT: String(apiPort), ADMIN_TOKEN: randomBytes(24).toString('hex') },
        readyUrl: `http://127.0.0.1:${apiPort}/readyz`,
        logFile: log('api'),
      }),
      await startChildService({
        name: 'workers',
        entry: entry('workers/main.ts'),
        env: {
          ...shared,
          KAFKA_BROKERS: options.brokers.join(','),
          WORKER_PORT: String(workerPort),
          WORKER_GROUPS: benchGroups.join(','),
          WORKER_GROUP_PREFIX: options.groupPrefix,
        },
        readyUrl: `http://127.0.0.1:${workerPort}/healthz`,
        logFile: log('workers'),
        timeoutMs: 60_000,
      }),
      await startChildService({
        name: 'dispatcher',
        entry: entry('workers/discord/main.ts'),
        env: {
          ...shared,
          DISCORD_WEBHOOK_URL: mock.webhookUrl,
          DISCORD_ALLOW_LOCAL_WEBHOOK: '1',
          DISPATCHER_PORT: String(dispatcherPort),
        },
        readyUrl: `http://127.0.0.1:${dispatcherPort}/healthz`,
        logFile: log('dispatcher'),
      }),
    );
  } catch (error) {
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all([mock.close(), admin.disconnect()]);
    throw error;
  }

  return {
    apiPort,
    mock,
    services,
    consumerGroups,
    async consumerLag() {
      let lag = 0;
      for (const name of benchGroups) {
        const topic = topicFor(name);
        const [ends, [committed]] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({
            groupId: `${options.groupPrefix}-${name}-processor`,
            topics: [topic],
          }),
        ]);
        for (const { partition, high } of ends) {
          const done = committed?.partitions.find((p) => p.partition === partition)?.offset;
          lag += Number(high) - Math.max(0, Number(done ?? 0));
        }
      }
      return lag;
    },
    async stop() {
      await Promise.all(services.map((s) => s.stop()));
      await Promise.all([mock.close(), admin.disconnect()]);
    },
  };
}
