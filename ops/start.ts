import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ConnectorOverrides } from '../connect/connector';
import { composeConnectorOverrides, startComposeStack } from '../connect/stack/compose';
import { stackLayout } from '../connect/stack/layout';
import { stackDown, stackStatus, stackUp, type Progress } from '../connect/stack/stack';
import { readEnv, runMain, stackDefaults } from '../lib/env';
import { prepareSystem } from './prepare-system';
import { superviseServices, type ServiceSpec } from './supervisor';

const env = readEnv(
  z.object({
    SIPEAT_STACK: z.enum(['native', 'docker', 'external']).default('native'),
    SIPEAT_DISCORD: z.enum(['mock', 'env']).default('env'),
    DATABASE_URL: z.string().default(stackDefaults.DATABASE_URL),
    KAFKA_BROKERS: z.string().default(stackDefaults.KAFKA_BROKERS),
    CONNECT_URL: z.string().default(stackDefaults.CONNECT_URL),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(3100),
    MOCK_DISCORD_PORT: z.coerce.number().int().min(1).max(65535).default(3300),
    ADMIN_TOKEN: z.string().min(16).optional(),
    JAVA_HOME: z.string().optional(),
    PG_BIN: z.string().optional(),
  }),
);

const say = (text: string) => process.stdout.write(`${text}\n`);
const progress: Progress = (step, outcome, ms) =>
  say(`start: ${step.padEnd(9)} ${outcome.padEnd(12)} ${(ms / 1000).toFixed(1)} s`);

/** A development admin token, made once and kept with the stack's data (git-ignored). */
function adminToken(layout: ReturnType<typeof stackLayout>): string {
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  const file = path.join(layout.root, 'admin-token');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(layout.root, { recursive: true });
    fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

async function main(): Promise<void> {
  const layout = stackLayout();
  const toolchain = { javaHome: env.JAVA_HOME, pgBin: env.PG_BIN };
  let stopStack = async () => undefined as void;

  let connectorOverrides: ConnectorOverrides = {};
  if (env.SIPEAT_STACK === 'docker') {
    const brokers = env.KAFKA_BROKERS.split(',');
    const urls = {
      databaseUrl: env.DATABASE_URL,
      kafkaBrokers: brokers,
      connectUrl: env.CONNECT_URL,
    };
    stopStack = await startComposeStack(urls);
    connectorOverrides = composeConnectorOverrides;
  } else if (env.SIPEAT_STACK === 'native') {
    const wasUp = (await stackStatus(layout)).every((c) => c.pid !== undefined);
    await stackUp(layout, toolchain, progress);
    if (!wasUp) stopStack = () => stackDown(layout, toolchain, progress);
  }

  await prepareSystem({
    databaseUrl: env.DATABASE_URL,
    kafkaBrokers: env.KAFKA_BROKERS.split(','),
    connectUrl: env.CONNECT_URL,
    connectorOverrides,
    say: (text) => say(`start: ${text}`),
  });

  const token = adminToken(layout);
  const discordEnv: NodeJS.ProcessEnv = {};
  let stopMock = async () => undefined as void;
  if (env.SIPEAT_DISCORD === 'mock') {
    const { startMockDiscordForDemo } = await import('./mock-discord');
    const mock = await startMockDiscordForDemo(env.MOCK_DISCORD_PORT, say);
    Object.assign(discordEnv, mock.env);
    stopMock = mock.close;
  }

  const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
  const shared = { DATABASE_URL: env.DATABASE_URL, KAFKA_BROKERS: env.KAFKA_BROKERS };
  const services: ServiceSpec[] = [
    {
      name: 'api',
      command: tsx,
      args: ['api/main.ts'],
      env: { ...shared, PORT: String(env.PORT), ADMIN_TOKEN: token },
    },
    {
      name: 'workers',
      command: tsx,
      args: ['workers/main.ts'],
      env: { ...shared, WORKER_PORT: String(env.WORKER_PORT) },
    },
    {
      name: 'dispatcher',
      command: tsx,
      args: ['workers/discord/main.ts'],
      env: { ...shared, ...discordEnv },
    },
  ];
  const supervisor = superviseServices(services, (text) => process.stdout.write(text));

  const api = `http://127.0.0.1:${env.PORT}`;
  say(`\nSipEat is starting:`);
  say(
    `  API           ${api}   (docs ${api}/docs, OpenAPI ${api}/openapi.json, metrics ${api}/metrics)`,
  );
  say(`  workers       http://127.0.0.1:${env.WORKER_PORT}/metrics`);
  say(`  admin token   ${path.join(layout.root, 'admin-token')} (for POST /machines)`);
  say(`  try           npm run demo     stop with Ctrl-C\n`);

  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say('\nstart: stopping…');
    await supervisor.stop();
    await stopMock();
    await stopStack();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  void supervisor.exited.then((code) => shutdown(code));
}

runMain(main, 'start');
