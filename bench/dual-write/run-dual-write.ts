import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { createConnectClient } from '../../connect/connect-client';
import { connectorName, isHealthy, waitUntilRunning } from '../../connect/connector';
import { projectRoot, type StackLayout } from '../../connect/stack/layout';
import type { Toolchain } from '../../connect/stack/stack';
import { topicFor } from '../../events/envelope';
import { seedBenchMachines } from '../e2e/traffic-mix';
import { startChildService } from '../shared/child-service';
import { freePort } from '../shared/free-port';
import { latencyStats, type LatencyStats } from '../shared/latency-stats';
import { runOpenLoop } from '../shared/open-loop';
import { createJsonPoster } from '../shared/post-json';
import { brokerOutage, type Outage } from './broker-outage';
import { benchKafka, keysSince, topicEnds } from './topic-keys';

export type VariantResult = {
  variant: 'outbox (ours)' | 'dual write (original)';
  topic: string;
  offeredPerSecond: number;
  sent: number;
  accepted: number;
  failed: number;
  acceptedPerSecond: number;
  http: LatencyStats;
  outage: Outage | null;
  /** Accepted (2xx) requests whose aggregate id never appeared as a key on the topic. */
  lostAccepted: number;
  /** Connector state after the outage; 'restarted' if the benchmark had to restart it. */
  connectorAfter: string;
};

export type DualWriteResult = { tag: string; topic: string; variants: VariantResult[] };

const dualWriteTopic = 'bench.dualwrite.request.events';

/**
 * The same drink-request load against the original dual write and against our outbox API, each
 * with the Kafka broker stopped for 10 s mid-run (unless `outage` is false), then counts the
 * accepted requests that never produced an event on their topic.
 */
export async function runDualWrite(options: {
  layout: StackLayout;
  toolchain: Toolchain;
  databaseUrl: string;
  brokers: string[];
  connectUrl: string;
  ratePerSecond: number;
  durationSeconds: number;
  outage: boolean;
  logDir: string;
  say: (line: string) => void;
}): Promise<DualWriteResult> {
  const tag = `bench-dw-${randomBytes(3).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  const admin = benchKafka(options.brokers).admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic: dualWriteTopic, numPartitions: 3, replicationFactor: 1 }],
  });
  const machineIds = await seedBenchMachines(pool, tag, 4);
  const connect = createConnectClient({ baseUrl: options.connectUrl });

  async function runVariant(
    variant: VariantResult['variant'],
    entry: string,
    topic: string,
  ): Promise<VariantResult> {
    options.say(
      `dualwrite: ${variant} at ${options.ratePerSecond}/s for ${options.durationSeconds} s`,
    );
    const from = await topicEnds(admin, topic);
    const port = await freePort();
    const service = await startChildService({
      name: variant,
      entry: path.join(projectRoot, entry),
      env: {
        DATABASE_URL: options.databaseUrl,
        KAFKA_BROKERS: options.brokers.join(','),
        DUAL_WRITE_TOPIC: dualWriteTopic,
        PORT: String(port),
        ADMIN_TOKEN: randomBytes(24).toString('hex'),
        LOG_LEVEL: 'warn',
      },
      readyUrl: `http://127.0.0.1:${port}/readyz`,
      logFile: path.join(options.logDir, `${variant.split(' ')[0]}-api.log`),
    });
    const poster = createJsonPoster({ port, maxSockets: 512 });
    const name = `${tag} ${variant.split(' ')[0]}`;

    let outage: Promise<Outage> | undefined;
    const outageAtMs = Math.max(3, options.durationSeconds / 2 - 5) * 1000;
    const timer = options.outage
      ? setTimeout(() => {
          outage = brokerOutage({
            layout: options.layout,
            javaHome: options.toolchain.javaHome,
            downSeconds: 10,
          });
        }, outageAtMs)
      : undefined;
    let load: Awaited<ReturnType<typeof runOpenLoop<{ status: number; id?: string }>>>;
    try {
      load = await runOpenLoop({
        ratePerSecond: options.ratePerSecond,
        durationSeconds: options.durationSeconds,
        async send(index) {
          const answer = await poster.post('/requests', {
            customerName: `${name} ${index}`,
            drinkId: 'espresso',
            machineId: machineIds[index % machineIds.length],
          });
          if (answer.status < 200 || answer.status > 299) return { status: answer.status };
          return { status: answer.status, id: (JSON.parse(answer.body) as { id: string }).id };
        },
      });
    } finally {
      clearTimeout(timer);
      // Whatever happened to the load, the broker is up again before anything else runs.
      await outage?.catch(() => undefined);
      poster.close();
      await service.stop();
    }
    const outageResult = outage ? await outage : null;

    const connectorAfter = await ensureConnectorRunning();
    const ok = load.shots.filter((s) => s.result.id !== undefined);
    const expected = new Set(ok.map((s) => s.result.id as string));
    const keys = await keysSince({
      brokers: options.brokers,
      topic,
      from,
      groupId: `${tag}-keys-${topic}`,
      expected,
      idleSeconds: 30,
    });
    const lostAccepted = [...expected].filter((id) => !keys.has(id)).length;
    const spanSeconds = (Math.max(...ok.map((s) => s.answeredAtMs)) - load.startedAtMs) / 1000;
    return {
      variant,
      topic,
      offeredPerSecond: options.ratePerSecond,
      sent: load.shots.length,
      accepted: ok.length,
      failed: load.shots.length - ok.length,
      acceptedPerSecond: Math.round(ok.length / spanSeconds),
      http: latencyStats(ok.map((s) => s.answeredAtMs - s.scheduledAtMs)),
      outage: outageResult,
      lostAccepted,
      connectorAfter,
    };
  }

  /** After a broker outage Connect usually recovers by itself; a FAILED task gets one restart. */
  async function ensureConnectorRunning(): Promise<string> {
    try {
      await waitUntilRunning(connect, 90_000);
      return 'RUNNING';
    } catch {
      await connect.restart(connectorName);
      const status = await waitUntilRunning(connect, 90_000).catch(() => undefined);
      return isHealthy(status) ? 'restarted' : 'FAILED after restart';
    }
  }

  try {
    const variants = [
      await runVariant('dual write (original)', 'bench/dual-write/main.ts', dualWriteTopic),
      await runVariant('outbox (ours)', 'api/main.ts', topicFor('request')),
    ];
    return { tag, topic: dualWriteTopic, variants };
  } finally {
    await admin.disconnect();
    await pool.end();
  }
}
