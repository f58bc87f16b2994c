import fs from 'node:fs';
import path from 'node:path';
import { createConnectClient } from '../../connect/connect-client';
import { applyConnector, loadConnectorConfig } from '../../connect/connector';
import { projectRoot, stackLayout } from '../../connect/stack/layout';
import { isPortOpen } from '../../connect/stack/processes';
import { stackDown, stackUp, type Toolchain } from '../../connect/stack/stack';
import { createDatabase } from '../../db/client';
import { applyMigrations } from '../../db/migrate';
import { sampleComponentMemory, type MemorySample } from '../shared/component-memory';

export type StartupResult =
  | {
      status: 'measured';
      ports: Record<string, number>;
      /** Fresh data directories, jars from the cache: what a fresh checkout's first start costs. */
      steps: { step: string; outcome: string; seconds: number }[];
      totalSeconds: number;
      memoryAtRestMb: MemorySample;
    }
  | { status: 'skipped'; reason: string };

/** Ports beside the shared stack's (54329, 19092, 19093, 18083), so it keeps running. */
const ports = { postgres: 54339, kafka: 19102, kafkaController: 19103, connect: 18093 };

/**
 * Times `stack:up` to connector RUNNING on a second, throw-away stack instance (its own
 * directory and ports) with the jars copied from the shared stack's cache, then stops it by its
 * own pids and deletes it. The shared stack is never touched.
 */
export async function runStartup(options: {
  toolchain: Toolchain;
  say: (line: string) => void;
}): Promise<StartupResult> {
  const cache = stackLayout();
  for (const [name, port] of Object.entries(ports)) {
    if (await isPortOpen(port))
      return { status: 'skipped', reason: `${name} port ${port} is taken` };
  }
  // Inside the git-ignored results folder: the benchmark keeps to the project's directory.
  const resultsDir = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const root = fs.mkdtempSync(path.join(resultsDir, 'startup-stack-'));
  // initdb runs as the postgres account when we are root; it must be able to enter the root.
  fs.chmodSync(root, 0o755);
  const layout = stackLayout(root, ports);
  fs.cpSync(cache.libDir, layout.libDir, { recursive: true });
  fs.cpSync(cache.pluginDir, layout.pluginDir, { recursive: true });

  const steps: { step: string; outcome: string; seconds: number }[] = [];
  const record = (step: string, outcome: string, ms: number) => {
    steps.push({ step, outcome, seconds: Math.round(ms / 100) / 10 });
    options.say(`startup: ${step} ${outcome} ${(ms / 1000).toFixed(1)} s`);
  };
  const timed = async (step: string, action: () => Promise<unknown>) => {
    const started = performance.now();
    await action();
    record(step, 'done', performance.now() - started);
  };

  const started = performance.now();
  try {
    await stackUp(layout, options.toolchain, record);
    const url = `postgres://sipeat:sipeat@127.0.0.1:${ports.postgres}/sipeat`;
    await timed('migrate', async () => {
      const { db, pool } = createDatabase({ url, maxConnections: 1 });
      await applyMigrations(db).finally(() => pool.end());
    });
    await timed('connector', () =>
      applyConnector(
        createConnectClient({ baseUrl: `http://127.0.0.1:${ports.connect}` }),
        loadConnectorConfig({ databasePort: String(ports.postgres) }),
        120_000,
      ),
    );
    const totalSeconds = Math.round((performance.now() - started) / 100) / 10;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    return {
      status: 'measured',
      ports,
      steps,
      totalSeconds,
      memoryAtRestMb: sampleComponentMemory(layout, []),
    };
  } finally {
    await stackDown(layout, options.toolchain, () => undefined);
    fs.rmSync(root, { recursive: true, force: true });
  }
}
