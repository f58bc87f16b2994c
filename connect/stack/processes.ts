import { OperatorError } from '../../lib/env';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A stack component that cannot start or be found; `hint` says what to do. */
export class StackError extends OperatorError {
  constructor(message: string, hint: string, options: { cause?: unknown } = {}) {
    super(message, hint, options);
    this.name = 'StackError';
  }
}

export function pidFile(runDir: string, name: string): string {
  return path.join(runDir, `${name}.pid`);
}

export function readPid(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * A killed process whose parent has not reaped it yet still answers signal 0. Its state in
 * /proc says it is dead ('Z'); where /proc does not exist, signal 0 is all we have.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** The pid recorded for a component, if that process still runs. */
export function runningPid(runDir: string, name: string): number | undefined {
  const pid = readPid(pidFile(runDir, name));
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

export function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function assertPortFree(port: number, component: string): Promise<void> {
  if (!(await isPortOpen(port))) return;
  throw new StackError(
    `port ${port} is taken by another process, so ${component} cannot start`,
    `stop whatever listens on 127.0.0.1:${port} (see: ss -ltnp 'sport = :${port}'), ` +
      'or point the project at that service instead (DATABASE_URL / KAFKA_BROKERS / CONNECT_URL)',
  );
}

/** Starts a long-running process detached from this one, output appended to its log file. */
export function spawnDetached(options: {
  name: string;
  command: string;
  args: string[];
  runDir: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
}): number {
  fs.mkdirSync(options.runDir, { recursive: true });
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...options.env },
  });
  fs.closeSync(out);
  if (child.pid === undefined) {
    throw new StackError(`${options.name} could not be started`, `see ${options.logFile}`);
  }
  child.unref();
  fs.writeFileSync(pidFile(options.runDir, options.name), `${child.pid}\n`);
  return child.pid;
}

/** Polls `check` until it answers true; fails naming the log file to read. */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: { component: string; timeoutMs: number; logFile: string; pid?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    if (options.pid !== undefined && !isAlive(options.pid)) {
      throw new StackError(
        `${options.component} exited during start-up`,
        `read ${options.logFile}`,
      );
    }
    await sleep(250);
  }
  throw new StackError(
    `${options.component} did not become ready within ${Math.round(options.timeoutMs / 1000)} s`,
    `read ${options.logFile}`,
  );
}

/** SIGTERM, then SIGKILL if the process outlives the grace period. Removes the pid file. */
export async function stopByPid(runDir: string, name: string, graceMs = 20_000): Promise<boolean> {
  const file = pidFile(runDir, name);
  const pid = readPid(file);
  if (pid === undefined || !isAlive(pid)) {
    fs.rmSync(file, { force: true });
    return false;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(file, { force: true });
  return true;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
