import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { stackLayout } from '../../connect/stack/layout';
import { sleep } from '../../connect/stack/processes';
import { stackDown, stackStatus, stackUp } from '../../connect/stack/stack';
import { findJava, findPostgresBin } from '../../connect/stack/toolchain';
import { createDatabase } from '../../db/client';
import { aggregateTypes, topicFor } from '../../events/envelope';
import { stackDefaults } from '../../lib/env';
import { createLogger } from '../../lib/logger';
import { deadLetterTopicFor } from '../../workers/consumer/dead-letter';
import { createKafkaBus } from '../../workers/consumer/kafka';
import { prepareSystem } from '../prepare-system';
import { faultPlan, injectFault, type InjectedFault } from './faults';
import { loadMix, startLoad, type AcceptedEntity, type LoadResult } from './load';
import { countingSmtp, restartableDiscord } from './outside-services';
import { httpProbe, ownedProcess } from './owned-process';
import { seededRandom } from './random';
import { passed, verify, waitToSettle, type Findings } from './verify';

export type ChaosOptions = {
  seed: number;
  loadMs: number;
  faults: number;
  /** Requests offered per second. */
  rate: number;
  settleTimeoutMs: number;
  /** api, workers, dispatcher, mock Discord and SMTP listen on this port and the four after it. */
  portBase: number;
  toolchain: { javaHome?: string; pgBin?: string };
  say: (text: string) => void;
};

export type ChaosReport = {
  options: Omit<ChaosOptions, 'say' | 'toolchain'>;
  load: Omit<LoadResult, 'accepted'> & { acceptedCount: number };
  faults: InjectedFault[];
  /** 429s the mock Discord answered (storms and its own bucket). */
  discordRateLimited: number;
  settled: { settled: boolean; ms: number };
  unexpectedExits: Record<string, string[]>;
  findings: Findings;
  passed: boolean;
};

// Longer than the dispatcher's timeout, so these sends end with an unknown outcome.
const discordTimeoutMs = 3_000;
const slowDiscordMs = 4_500;
const workingMachines = 5;
const brokers = stackDefaults.KAFKA_BROKERS.split(',');

/**
 * The fault campaign: a steady mixed load through the real system while its processes are
 * killed and restarted one at a time, then a check of everything the system owes each entity
 * the API accepted. Needs the native stack (it kills the JVMs and Postgres by their pids);
 * runs its own api, workers, dispatcher, mock Discord and SMTP server.
 *
 * The seed fixes the load mix and the fault plan, each from its own stream. Outcomes decided
 * per entity (a declined card, a jammed order) hang on server-made ids and differ between runs.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const { say, toolchain } = options;
  const layout = stackLayout();
  const java = findJava(toolchain.javaHome);
  const pgBin = findPostgresBin(toolchain.pgBin);
  const logDir = path.join(layout.logDir, 'chaos');
  const base = options.portBase;
  const [apiPort, workerPort, dispatcherPort, discordPort, smtpPort] = [
    base,
    base + 1,
    base + 2,
    base + 3,
    base + 4,
  ] as const;

  const wasUp = (await stackStatus(layout)).every((c) => c.pid !== undefined);
  await stackUp(layout, toolchain, (step, outcome) => say(`stack: ${step} ${outcome}`));
  await prepareSystem({
    databaseUrl: stackDefaults.DATABASE_URL,
    kafkaBrokers: brokers,
    connectUrl: stackDefaults.CONNECT_URL,
    say: (text) => say(`chaos: ${text}`),
  });

  // Everything opened from here on is closed in reverse order, however the run ends.
  const closers: (() => Promise<unknown>)[] = [];
  if (!wasUp) closers.push(() => stackDown(layout, toolchain, () => undefined));
  try {
    const database = createDatabase({
      url: stackDefaults.DATABASE_URL,
      maxConnections: 4,
      logger: createLogger({ name: 'chaos', level: 'silent' }),
    });
    closers.push(() => database.pool.end());
    const drinks = (
      await database.pool.query<{ id: string }>('select id from drinks order by id')
    ).rows.map((r) => r.id);
    const initialStock = stockFor(options, drinks.length);
    const discord = await restartableDiscord(discordPort);
    closers.push(discord.close);
    const smtp = await countingSmtp(smtpPort);
    closers.push(smtp.close);

    const adminToken = randomBytes(24).toString('base64url');
    const shared = {
      DATABASE_URL: stackDefaults.DATABASE_URL,
      KAFKA_BROKERS: stackDefaults.KAFKA_BROKERS,
      LOG_LEVEL: 'info',
    };
    const processes = {
      api: ownedProcess({
        name: 'api',
        script: 'api/main.ts',
        env: { ...shared, PORT: String(apiPort), ADMIN_TOKEN: adminToken },
        logDir,
        ready: httpProbe(`http://127.0.0.1:${apiPort}/readyz`),
      }),
      workers: ownedProcess({
        name: 'workers',
        script: 'workers/main.ts',
        env: {
          ...shared,
          WORKER_PORT: String(workerPort),
          SMTP_URL: smtp.url,
          INITIAL_STOCK: String(initialStock),
          // Business failures on purpose: declined payments, and orders the machine jams on
          // (those fail after payment and must be refunded).
          FAULTS: `payment:0.08,jam:0.05;seed=${options.seed}`,
          // A killed worker's partitions move to its successor sooner (the broker's minimum is 6 s).
          WORKER_SESSION_TIMEOUT_MS: '10000',
        },
        logDir,
        ready: httpProbe(`http://127.0.0.1:${workerPort}/healthz`, { anyAnswer: true }),
      }),
      dispatcher: ownedProcess({
        name: 'dispatcher',
        script: 'workers/discord/main.ts',
        env: {
          ...shared,
          DISPATCHER_PORT: String(dispatcherPort),
          DISCORD_WEBHOOK_URL: discord.webhookUrl,
          DISCORD_ALLOW_LOCAL_WEBHOOK: '1',
          DISCORD_TIMEOUT_MS: String(discordTimeoutMs),
          // A killed dispatcher's claimed rows are taken over after this.
          DISPATCHER_LEASE_MS: '8000',
        },
        logDir,
        ready: httpProbe(`http://127.0.0.1:${dispatcherPort}/healthz`, { anyAnswer: true }),
      }),
    };
    for (const p of Object.values(processes)) {
      closers.push(() => p.stop());
      await p.start();
    }
    say(`chaos: api, workers and dispatcher running (logs in ${logDir})`);

    // Machines to send requests to, set up before the first fault.
    const runTag = `${options.seed}-${Date.now().toString(36)}`;
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const warmUp = await createMachines(apiUrl, adminToken, runTag);
    await waitForMachines(
      database.pool,
      warmUp.map((m) => m.id),
    );
    say(
      `chaos: ${warmUp.length} machines set up, ${initialStock} of each drink; load at ${options.rate}/s for ${options.loadMs / 1000} s`,
    );

    const load = startLoad({
      apiUrl,
      adminToken,
      machines: warmUp.filter((m) => !m.restricted).map((m) => m.id),
      restrictedMachine: (warmUp.find((m) => m.restricted) as AcceptedEntity).id,
      drinks,
      rate: options.rate,
      random: seededRandom(options.seed),
      runTag,
    });
    const faultRandom = seededRandom(options.seed ^ 0x5bd1e995);
    const faults: InjectedFault[] = [];
    const plan = faultPlan(options.faults, faultRandom);
    const slotMs = options.loadMs / (plan.length + 1);
    const jitterMs = Math.round(slotMs / 4);
    const targets = {
      layout,
      java,
      pgBin,
      connectUrl: stackDefaults.CONNECT_URL,
      processes,
      discord,
      slowDiscordMs,
    };
    for (const [index, kind] of plan.entries()) {
      const due =
        load.result.startedAt + (index + 1) * slotMs + faultRandom.int(-jitterMs, jitterMs);
      if (due > Date.now()) await sleep(due - Date.now());
      const fault = await injectFault(kind, targets, faultRandom);
      faults.push(fault);
      say(
        `chaos: fault ${index + 1}/${plan.length} ${kind}: ${fault.detail} (over in ${((fault.endedAt - fault.startedAt) / 1000).toFixed(1)} s)`,
      );
    }
    const loadEnd = load.result.startedAt + options.loadMs;
    if (loadEnd > Date.now()) await sleep(loadEnd - Date.now());
    const loadResult = await load.stop();
    loadResult.accepted.unshift(...warmUp);
    say(
      `chaos: load stopped, ${loadResult.accepted.length} entities accepted; waiting for the system to settle`,
    );

    const settled = await waitToSettle(database.pool, loadResult.accepted, options.settleTimeoutMs);
    const findings = await verify({
      pool: database.pool,
      load: loadResult,
      discordReceived: discord.received,
      emailsByRecipient: smtp.byRecipient,
      deadLetterKeys: await deadLetterKeys(),
      initialStock,
      outages: faults
        .filter((f) => f.kind.startsWith('postgres'))
        .map((f) => ({ from: f.startedAt, to: f.endedAt + 5_000 })),
    });
    const unexpectedExits = Object.fromEntries(
      Object.values(processes).map((p) => [p.name, p.unexpectedExits]),
    );
    const { accepted, ...loadSummary } = loadResult;
    return {
      options: {
        seed: options.seed,
        loadMs: options.loadMs,
        faults: options.faults,
        rate: options.rate,
        settleTimeoutMs: options.settleTimeoutMs,
        portBase: options.portBase,
      },
      load: { ...loadSummary, acceptedCount: accepted.length },
      faults,
      discordRateLimited: discord.rateLimited(),
      settled,
      unexpectedExits,
      findings,
      passed:
        settled.settled &&
        passed(findings) &&
        Object.values(unexpectedExits).every((exits) => exits.length === 0),
    };
  } finally {
    for (const close of closers.reverse()) await close();
  }
}

/**
 * Stock per drink so that most drinks last the run and the popular one sells out part-way:
 * served and sold-out requests happen in every run, short or long.
 */
function stockFor(options: ChaosOptions, drinkCount: number): number {
  const requestsPerMachine =
    (options.rate * (options.loadMs / 1000) * loadMix.requests) / workingMachines;
  const perOtherDrink = (requestsPerMachine * (1 - loadMix.popularDrink)) / drinkCount;
  return Math.max(10, Math.ceil(1.25 * perOtherDrink));
}

async function createMachines(
  apiUrl: string,
  adminToken: string,
  runTag: string,
): Promise<Extract<AcceptedEntity, { kind: 'machine' }>[]> {
  const sites = [
    ['Germany', 'Berlin', false],
    ['Switzerland', 'Zürich', false],
    ['Portugal', 'Porto', false],
    ['Austria', 'Wien', false],
    ['Italy', 'Torino', false],
    ['Monaco', 'Monte Carlo', true], // restricted: never goes into service
  ] as const;
  const machines: Extract<AcceptedEntity, { kind: 'machine' }>[] = [];
  for (const [index, [country, city, restricted]] of sites.entries()) {
    const response = await fetch(`${apiUrl}/machines`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${adminToken}`,
        'idempotency-key': `chaos-${runTag}-machine-${index}`,
      },
      body: JSON.stringify({ name: `Chaos ${runTag} ${city}`, country, city }),
    });
    const body = (await response.json()) as { id?: string; detail?: string };
    if (response.status !== 201 || !body.id)
      throw new Error(`setting up a machine failed: ${response.status} ${body.detail ?? ''}`);
    machines.push({ kind: 'machine', id: body.id, restricted });
  }
  return machines;
}

async function waitForMachines(pool: pg.Pool, ids: string[]): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from machines where id = any($1::uuid[]) and status <> 'provisioning'`,
      [ids],
    );
    if (rows[0]?.n === ids.length) return;
    if (Date.now() > deadline) throw new Error('the warm-up machines were not set up within 120 s');
    await sleep(500);
  }
}

/** Keys (aggregate ids) of every record in the three dead-letter topics. */
async function deadLetterKeys(): Promise<Set<string>> {
  const bus = createKafkaBus({
    brokers,
    clientId: 'sipeat-chaos',
    logger: createLogger({ name: 'chaos-dlq', level: 'silent' }),
  });
  try {
    const keys = new Set<string>();
    for (const type of aggregateTypes) {
      for (const record of await bus.readAll(deadLetterTopicFor(topicFor(type))))
        if (record.key) keys.add(record.key);
    }
    return keys;
  } finally {
    await bus.disconnect();
  }
}
