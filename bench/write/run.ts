import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  insertRequestParams,
  insertRequestStatement,
} from '../../api/requests/insert-request-statement';
import { createDatabase } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { machineInventory, machines } from '../../db/schema';
import { buildEvent } from '../../events/registry';
import { databaseUrl, logLevel, readEnv, runMain } from '../../lib/env';
import { freePort } from '../shared/free-port';
import { driveHttp } from './drive-http';
import { driveWrk, wrkAvailable } from './drive-wrk';
import type { RateSummary } from './latency';
import { pgbenchScript, runPgbench } from './run-pgbench';
import { cpuBudgetMicros, writeCpuMeter } from './write-cpu';

const benchEnv = z.object({
  /** Where to write. Defaults to DATABASE_URL; the rows (and, on the stack, their events) stay. */
  BENCH_DATABASE_URL: z.string().url().optional(),
  DATABASE_URL: databaseUrl,
  BENCH_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  BENCH_DURATION_SECONDS: z.coerce.number().int().min(1).default(15),
  BENCH_WARMUP_SECONDS: z.coerce.number().int().min(0).default(3),
  BENCH_API_LOG_LEVEL: logLevel.default('warn'),
  /** wrk when installed (apt-get install wrk): a C load generator, like pgbench on its side. */
  BENCH_HTTP_DRIVER: z.enum(['auto', 'wrk', 'node']).default('auto'),
});

/** Ids the API makes in process and pgbench lets the server make: request, event, aggregate. */
const serverGeneratedParams = [1, 6, 8];

runMain(async function benchWrite() {
  const env = readEnv(benchEnv);
  const url = env.BENCH_DATABASE_URL ?? env.DATABASE_URL;
  const concurrency = env.BENCH_CONCURRENCY;
  const { db, pool } = createDatabase({ url, maxConnections: 2, applicationName: 'sipeat-bench' });
  await applyMigrations(db);
  const machineId = await seedBenchMachine(db);

  const port = await freePort();
  const api = spawn(process.execPath, ['--import', 'tsx', apiEntry()], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: url,
      DATABASE_POOL_MAX: String(concurrency),
      ADMIN_TOKEN: randomBytes(24).toString('hex'),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: env.BENCH_API_LOG_LEVEL,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitUntilHealthy(port);
    const body = () =>
      JSON.stringify({ customerName: 'Bench Customer', drinkId: 'espresso', machineId });
    const driver =
      env.BENCH_HTTP_DRIVER === 'auto' ? (wrkAvailable() ? 'wrk' : 'node') : env.BENCH_HTTP_DRIVER;
    const driveAt = (target: number, durationSeconds: number) =>
      driver === 'wrk'
        ? driveWrk({ port: target, path: '/requests', body: body(), concurrency, durationSeconds })
        : driveHttp({ port: target, path: '/requests', body, concurrency, durationSeconds });
    const drive = (durationSeconds: number) => driveAt(port, durationSeconds);

    if (env.BENCH_WARMUP_SECONDS > 0) await drive(env.BENCH_WARMUP_SECONDS);
    const loadGenerator = driver === 'wrk' ? 'child process' : 'this process';
    const apiResult = await writeCpuMeter({
      databaseUrl: url,
      loadGenerator,
      server: { name: 'api', pid: api.pid ?? 0 },
    }).measure(() => drive(env.BENCH_DURATION_SECONDS));
    const floorResult = await measureHttpFloor(loadGenerator, (port) =>
      driveAt(port, env.BENCH_DURATION_SECONDS),
    );

    const sample = sampleParams(machineId);
    const script = pgbenchScript(insertRequestStatement.text, serverGeneratedParams);
    const variables = Object.fromEntries(
      sample
        .map((value, i) => [i + 1, String(value)] as const)
        .filter(([n]) => !serverGeneratedParams.includes(n)),
    );
    const pgbenchResult = await writeCpuMeter({
      databaseUrl: url,
      loadGenerator: 'child process',
    }).measure(() =>
      runPgbench({
        databaseUrl: url,
        script,
        variables,
        concurrency,
        durationSeconds: env.BENCH_DURATION_SECONDS,
      }),
    );

    const ratio = Math.round((apiResult.perSecond / pgbenchResult.perSecond) * 1000) / 1000;
    const result = {
      startedAt: new Date().toISOString(),
      database: redactPassword(url),
      concurrency,
      durationSeconds: env.BENCH_DURATION_SECONDS,
      apiLogLevel: env.BENCH_API_LOG_LEVEL,
      httpDriver: driver,
      apiPoolMax: concurrency,
      statement: { name: insertRequestStatement.name, text: insertRequestStatement.text },
      pgbenchScript: script,
      api: apiResult,
      httpFloor: floorResult,
      pgbench: pgbenchResult,
      ratio,
      cpuBudgetMicros: {
        api: cpuBudgetMicros(apiResult.perSecond),
        httpFloor: cpuBudgetMicros(floorResult.perSecond),
        pgbench: cpuBudgetMicros(pgbenchResult.perSecond),
      },
    };
    const file = await writeResult(result);
    const cpuLine = (cpu: Record<string, number>) =>
      Object.entries(cpu)
        .map(([name, micros]) => `${name} ${micros}`)
        .join(', ');

    process.stdout.write(
      [
        `POST /requests  ${apiResult.perSecond} req/s  p50 ${apiResult.p50Ms} ms  p99 ${apiResult.p99Ms} ms  (${apiResult.failed} failed)`,
        `pgbench         ${pgbenchResult.perSecond} tx/s   p50 ${pgbenchResult.p50Ms} ms  p99 ${pgbenchResult.p99Ms} ms  (${pgbenchResult.failed} failed)`,
        `ratio api/pgbench ${ratio} (target >= 0.75), concurrency ${concurrency}, ${env.BENCH_DURATION_SECONDS} s each, HTTP load from ${driver}`,
        `CPU us per request: POST /requests: ${cpuLine(apiResult.cpuMicrosPerRequest)} (all cores allow ${result.cpuBudgetMicros.api})`,
        `                    pgbench:        ${cpuLine(pgbenchResult.cpuMicrosPerRequest)} (all cores allow ${result.cpuBudgetMicros.pgbench})`,
        `HTTP floor (node:http echo, no validation, no database): ${floorResult.perSecond} req/s, CPU us per request: ${cpuLine(floorResult.cpuMicrosPerRequest)}`,
        `written to ${file}`,
        '',
      ].join('\n'),
    );
  } finally {
    api.kill('SIGTERM');
    await pool.end();
  }
});

function apiEntry(): string {
  return fileURLToPath(new URL('../../api/main.ts', import.meta.url));
}

/** One statement's values as the API would bind them, for pgbench's -D variables. */
function sampleParams(machineId: string): unknown[] {
  const id = randomUUID();
  const now = new Date();
  const data = { requestId: id, customerName: 'Bench Customer', drinkId: 'espresso', machineId };
  const event = buildEvent('request.created', id, data, { now: () => now });
  return insertRequestParams({ ...data, id, at: now.toISOString() }, event);
}

async function seedBenchMachine(db: ReturnType<typeof createDatabase>['db']): Promise<string> {
  const id = randomUUID();
  await db
    .insert(machines)
    .values({ id, name: 'bench', country: 'CH', city: 'Bench', status: 'active' });
  await db
    .insert(machineInventory)
    .values({ machineId: id, drinkId: 'espresso', stock: 1_000_000 });
  return id;
}

async function waitUntilHealthy(port: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the API did not become ready on port ${port} within ${timeoutMs} ms`);
}

function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

async function writeResult(result: object): Promise<string> {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  const file = `${dir}${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Runs `drive` against the echo server (bench/write/echo-server.ts) on a port of its own. */
async function measureHttpFloor(
  loadGenerator: 'child process' | 'this process',
  drive: (port: number) => Promise<RateSummary>,
) {
  const port = await freePort();
  const echo = spawn(process.execPath, ['--import', 'tsx', echoEntry(), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      echo.stdout.once('data', () => resolve());
      echo.once('exit', (code) => reject(new Error(`the echo server exited ${code}`)));
    });
    return await writeCpuMeter({
      loadGenerator,
      server: { name: 'echo', pid: echo.pid ?? 0 },
    }).measure(() => drive(port));
  } finally {
    // Waited for, so its CPU is booked (to this process's children) before the next run starts.
    const exited = new Promise((resolve) => echo.once('exit', resolve));
    echo.kill('SIGTERM');
    await exited;
  }
}

function echoEntry(): string {
  return fileURLToPath(new URL('./echo-server.ts', import.meta.url));
}
