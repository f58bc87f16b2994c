import { createConnectClient } from '../../connect/connect-client';
import { waitUntilRunning } from '../../connect/connector';
import { startConnect } from '../../connect/stack/connect-worker';
import { startKafka } from '../../connect/stack/kafka';
import type { StackLayout } from '../../connect/stack/layout';
import { startPostgres, stopPostgres } from '../../connect/stack/postgres';
import { isAlive, runningPid, sleep } from '../../connect/stack/processes';
import type { OwnedProcess } from './owned-process';
import type { RestartableDiscord } from './outside-services';
import type { Random } from './random';

export const faultKinds = [
  'api',
  'workers',
  'dispatcher',
  'connect',
  'kafka',
  'postgres-fast',
  'postgres-immediate',
  'discord-down',
  'discord-slow',
  'discord-429',
] as const;
export type FaultKind = (typeof faultKinds)[number];

export type InjectedFault = { kind: FaultKind; detail: string; startedAt: number; endedAt: number };

export type FaultTargets = {
  layout: StackLayout;
  java: string;
  pgBin: string;
  connectUrl: string;
  processes: Record<'api' | 'workers' | 'dispatcher', OwnedProcess>;
  discord: RestartableDiscord;
  /** How long an answer from the slow mock Discord takes: longer than the dispatcher's timeout. */
  slowDiscordMs: number;
};

/** SIGKILL a JVM of the stack by its recorded pid and wait until it is gone. */
async function killJvm(layout: StackLayout, name: 'kafka' | 'connect'): Promise<void> {
  const pid = runningPid(layout.runDir, name);
  if (pid === undefined)
    throw new Error(`${name} is not running; the harness needs the whole stack`);
  process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
}

/**
 * Injects one fault and heals it: the component is back (and serving), or the mock Discord's
 * scripted answers all given, when this resolves, so faults come one at a time. The random
 * source decides signal, downtime and storm sizes.
 */
export async function injectFault(
  kind: FaultKind,
  targets: FaultTargets,
  random: Random,
): Promise<InjectedFault> {
  const startedAt = Date.now();
  const downtime = () => random.int(2_000, 8_000);
  let detail: string;
  switch (kind) {
    case 'api':
    case 'workers':
    case 'dispatcher': {
      // Mostly a crash; sometimes the orderly stop an orchestrator would send first.
      const signal = random.chance(0.7) ? 'SIGKILL' : 'SIGTERM';
      await targets.processes[kind].kill(signal);
      await sleep(random.int(200, 2_000));
      await targets.processes[kind].start();
      detail = signal;
      break;
    }
    case 'connect':
      await killJvm(targets.layout, 'connect');
      await sleep(random.int(500, 3_000));
      await startConnect(targets.layout, targets.java);
      await waitUntilRunning(createConnectClient({ baseUrl: targets.connectUrl }), 120_000);
      detail = 'SIGKILL';
      break;
    case 'kafka': {
      const downMs = downtime();
      await killJvm(targets.layout, 'kafka');
      await sleep(downMs);
      await startKafka(targets.layout, targets.java);
      detail = `SIGKILL, down ${downMs} ms`;
      break;
    }
    case 'postgres-fast':
    case 'postgres-immediate': {
      const mode = kind === 'postgres-fast' ? 'fast' : 'immediate';
      const downMs = downtime();
      await stopPostgres(targets.layout, targets.pgBin, mode);
      await sleep(downMs);
      await startPostgres(targets.layout, targets.pgBin);
      detail = `pg_ctl stop -m ${mode}, down ${downMs} ms`;
      break;
    }
    case 'discord-down': {
      const downMs = downtime();
      await targets.discord.downFor(downMs);
      detail = `down ${downMs} ms`;
      break;
    }
    case 'discord-slow': {
      const times = random.int(2, 6);
      targets.discord.slow(times, targets.slowDiscordMs);
      const drained = await targets.discord.drained(120_000);
      detail = `${times} answers after ${targets.slowDiscordMs} ms${drained ? '' : ' (not all met a request)'}`;
      break;
    }
    case 'discord-429': {
      const times = random.int(5, 30);
      const retryAfter = random.int(2, 20) / 10;
      const global = random.chance(0.3);
      targets.discord.rateLimitStorm(times, retryAfter, global);
      const drained = await targets.discord.drained(120_000);
      detail = `${times} × 429, retry_after ${retryAfter} s${global ? ', global' : ''}${drained ? '' : ' (not all met a request)'}`;
      break;
    }
  }
  return { kind, detail, startedAt, endedAt: Date.now() };
}

/**
 * The order of faults: every kind once per round, rounds shuffled, so a run of n faults
 * covers every kind as soon as n reaches the number of kinds.
 */
export function faultPlan(count: number, random: Random): FaultKind[] {
  const plan: FaultKind[] = [];
  while (plan.length < count) plan.push(...random.shuffle(faultKinds));
  return plan.slice(0, count);
}
