import { spawn } from 'node:child_process';
import { z } from 'zod';
import { createConnectClient } from '../connect/connect-client';
import { applyConnector, loadConnectorConfig, type ConnectorOverrides } from '../connect/connector';
import { composeConnectorOverrides } from '../connect/stack/compose';
import { stackLayout } from '../connect/stack/layout';
import { stackDown, stackStatus, stackUp, type Progress } from '../connect/stack/stack';
import { ensureTopics } from '../connect/stack/topics';
import { createDatabase } from '../db/client';
import { applyMigrations } from '../db/migrate';
import { readEnv, runMain, stackDefaults } from '../lib/env';

/**
 * `npm test`: type-check, format check, then the whole suite against a real stack. It uses the
 * stack named by the environment (SIPEAT_STACK=external with DATABASE_URL, KAFKA_BROKERS,
 * CONNECT_URL; or SIPEAT_STACK=docker), else the native one: reused when running, else started
 * here and stopped again at the end.
 */
const env = readEnv(
  z.object({
    SIPEAT_STACK: z.enum(['native', 'external', 'docker']).default('native'),
    DATABASE_URL: z.string().default(stackDefaults.DATABASE_URL),
    CONNECT_URL: z.string().default(stackDefaults.CONNECT_URL),
    KAFKA_BROKERS: z.string().default(stackDefaults.KAFKA_BROKERS),
    JAVA_HOME: z.string().optional(),
    PG_BIN: z.string().optional(),
  }),
);

const progress: Progress = (step, outcome, ms) =>
  process.stdout.write(
    `stack: ${step.padEnd(9)} ${outcome.padEnd(12)} ${(ms / 1000).toFixed(1)} s\n`,
  );

/**
 * Runs one check. Asynchronously on purpose: when this process started the stack, its services
 * are our children, and a blocked event loop could not reap one that a test kills.
 */
function run(
  title: string,
  command: string,
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<boolean> {
  process.stdout.write(`\n== ${title}\n`);
  const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  return new Promise((resolve) => {
    child.on('error', () => resolve(false));
    child.on('exit', (code) => resolve(code === 0));
  });
}

type PreparedStack = { stop: () => Promise<void>; connectorOverrides: ConnectorOverrides };
const nothingToStop = async () => undefined;

async function prepareStack(): Promise<PreparedStack> {
  if (env.SIPEAT_STACK === 'external') return { stop: nothingToStop, connectorOverrides: {} };
  if (env.SIPEAT_STACK === 'docker') {
    const { startDockerStack } = await import('./docker-stack');
    const urls = {
      databaseUrl: env.DATABASE_URL,
      kafkaBrokers: env.KAFKA_BROKERS.split(','),
      connectUrl: env.CONNECT_URL,
    };
    return { stop: await startDockerStack(urls), connectorOverrides: composeConnectorOverrides };
  }
  const layout = stackLayout();
  const toolchain = { javaHome: env.JAVA_HOME, pgBin: env.PG_BIN };
  const alreadyUp = (await stackStatus(layout)).every((c) => c.pid !== undefined && c.listening);
  if (alreadyUp) {
    process.stdout.write('stack: reusing the running native stack\n');
    return { stop: nothingToStop, connectorOverrides: {} };
  }
  await stackUp(layout, toolchain, progress);
  return { stop: () => stackDown(layout, toolchain, progress), connectorOverrides: {} };
}

async function prepareSchemaAndConnector(overrides: ConnectorOverrides): Promise<void> {
  await ensureTopics(env.KAFKA_BROKERS.split(','));
  // The connector's filtered publication needs the outbox table, so migrations come first.
  const { db, pool } = createDatabase({ url: env.DATABASE_URL, maxConnections: 1 });
  try {
    await applyMigrations(db);
  } finally {
    await pool.end();
  }
  await applyConnector(
    createConnectClient({ baseUrl: env.CONNECT_URL }),
    loadConnectorConfig(overrides),
  );
}

runMain(async function test() {
  const npx = 'npx';
  let ok = await run('type-check (tsc --noEmit, strict)', npx, ['tsc', '--noEmit']);
  const prettier = ['prettier', '--check', '.', '--log-level', 'warn'];
  ok = (await run('format (prettier --check)', npx, prettier)) && ok;

  let stopStack: () => Promise<void> = nothingToStop;
  try {
    const stack = await prepareStack();
    stopStack = stack.stop;
    await prepareSchemaAndConnector(stack.connectorOverrides);
    ok = (await run('tests', npx, ['vitest', 'run'])) && ok;
    const serial =
      'serial tests (one file at a time: they kill services or need the pipeline alone)';
    const serialArgs = ['vitest', 'run', '--passWithNoTests'];
    ok = (await run(serial, npx, serialArgs, { SIPEAT_TEST_SUITE: 'serial' })) && ok;
  } finally {
    // A stack that failed to come up throws an OperatorError; runMain prints it and exits 1.
    await stopStack();
  }
  process.stdout.write(ok ? '\nall checks passed\n' : '\nSOME CHECKS FAILED\n');
  process.exit(ok ? 0 : 1);
}, 'test');
