import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../connect/stack/layout';

export type ChildService = {
  name: string;
  pid: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
};

/**
 * Runs a TypeScript entry point as `node --import tsx <entry>`, so the pid is the service itself
 * (its RSS is the service's, not a wrapper's), with output appended to `logFile`. Resolves once
 * `readyUrl` answers 2xx; fails if the process exits first or `timeoutMs` passes.
 */
export async function startChildService(options: {
  name: string;
  entry: string;
  env: Record<string, string>;
  readyUrl: string;
  logFile: string;
  timeoutMs?: number;
}): Promise<ChildService> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', options.entry], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const service = { name: options.name, pid: child.pid ?? 0, stop: stopper(child, exited) };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ready = await fetch(options.readyUrl)
      .then((response) => response.ok)
      .catch(() => false);
    if (ready) return service;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await service.stop(1000);
  throw new Error(`${options.name} did not become ready; read ${options.logFile}`);
}

function stopper(child: ChildProcess, exited: Promise<void>) {
  return async function stopChild(graceMs = 10_000): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
}
