import fs from 'node:fs';
import { stackDefaults } from '../../lib/env';
import { connectLogFile, startConnect } from './connect-worker';
import { ensureJars } from './jars';
import { kafkaLogFile, startKafka } from './kafka';
import type { StackLayout } from './layout';
import { postgresLogFile, postgresPid, startPostgres, stopPostgres } from './postgres';
import { isPortOpen, runningPid, stopByPid } from './processes';
import { findJava, findPostgresBin } from './toolchain';
import { ensureTopics } from './topics';

export type Progress = (step: string, outcome: string, durationMs: number) => void;
export type Toolchain = { javaHome?: string; pgBin?: string };

async function step<T>(
  progress: Progress,
  name: string,
  action: () => Promise<T> | T,
  describe: (result: T) => string,
): Promise<T> {
  const started = performance.now();
  const result = await action();
  progress(name, describe(result), performance.now() - started);
  return result;
}

/**
 * Brings the native stack up in dependency order, each component only when it is not already
 * running, and each awaited until it really serves requests.
 */
export async function stackUp(
  layout: StackLayout,
  toolchain: Toolchain,
  progress: Progress,
): Promise<void> {
  const java = findJava(toolchain.javaHome);
  const pgBin = findPostgresBin(toolchain.pgBin);
  const started = (s: string) => s;

  await step(
    progress,
    'jars',
    () => ensureJars(layout),
    (fetched) => (fetched ? 'downloaded' : 'cached'),
  );
  await step(progress, 'postgres', () => startPostgres(layout, pgBin), started);
  await step(progress, 'kafka', () => startKafka(layout, java), started);
  await step(
    progress,
    'topics',
    () => ensureTopics([`127.0.0.1:${layout.ports.kafka}`]),
    (created) => (created.length ? `created ${created.length}` : 'present'),
  );
  await step(progress, 'connect', () => startConnect(layout, java), started);
}

/** Stops what stackUp started, in reverse order, each by its recorded pid. */
export async function stackDown(
  layout: StackLayout,
  toolchain: Toolchain,
  progress: Progress,
): Promise<void> {
  const stopped = (was: boolean) => (was ? 'stopped' : 'not running');
  await step(progress, 'connect', () => stopByPid(layout.runDir, 'connect'), stopped);
  await step(progress, 'kafka', () => stopByPid(layout.runDir, 'kafka', 30_000), stopped);
  await step(
    progress,
    'postgres',
    () =>
      postgresPid(layout) === undefined
        ? false
        : stopPostgres(layout, findPostgresBin(toolchain.pgBin)),
    stopped,
  );
}

export type ComponentStatus = {
  component: string;
  pid?: number;
  port: number;
  listening: boolean;
  log: string;
};

export async function stackStatus(layout: StackLayout): Promise<ComponentStatus[]> {
  const rows: [string, number | undefined, number, string][] = [
    ['postgres', postgresPid(layout), layout.ports.postgres, postgresLogFile(layout)],
    ['kafka', runningPid(layout.runDir, 'kafka'), layout.ports.kafka, kafkaLogFile(layout)],
    ['connect', runningPid(layout.runDir, 'connect'), layout.ports.connect, connectLogFile(layout)],
  ];
  return Promise.all(
    rows.map(async ([component, pid, port, log]) => ({
      component,
      pid,
      port,
      listening: await isPortOpen(port),
      log,
    })),
  );
}

/** Deletes every piece of stack data (cluster, broker logs, offsets); keeps the cached jars. */
export async function stackReset(
  layout: StackLayout,
  toolchain: Toolchain,
  progress: Progress,
): Promise<void> {
  await stackDown(layout, toolchain, progress);
  for (const dir of [layout.pgData, layout.kafkaData, layout.logDir, layout.runDir]) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  progress('data', 'wiped', 0);
}

export function connectionSettings(): Record<string, string> {
  return { ...stackDefaults };
}
