import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../connect/stack/layout';
import { sleep } from '../../connect/stack/processes';

/**
 * One of our Node services (api, workers, dispatcher) run by the chaos harness, which kills it
 * and starts it again. Like an orchestrator, it also restarts one that exits on its own, and
 * records that: a process that dies of a fault it should have ridden out fails the run.
 */
export type OwnedProcess = {
  name: string;
  start(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
  /** Exits nobody asked for, and restarts that failed, with when and how. */
  unexpectedExits: string[];
};

export function ownedProcess(spec: {
  name: string;
  script: string;
  env: Record<string, string>;
  logDir: string;
  /** Answers true once the process serves. */
  ready: () => Promise<boolean>;
}): OwnedProcess {
  let child: ChildProcess | undefined;
  let expectingExit = false;
  let stopped = false;
  const unexpectedExits: string[] = [];
  fs.mkdirSync(spec.logDir, { recursive: true });
  const logFile = path.join(spec.logDir, `${spec.name}.log`);

  async function restartAfterCrash(): Promise<void> {
    for (let attempt = 1; !stopped && !child; attempt += 1) {
      await sleep(Math.min(10_000, 1_000 * attempt));
      if (stopped || child) return;
      try {
        await start();
      } catch (error) {
        unexpectedExits.push(
          `${new Date().toISOString()} restart failed: ${(error as Error).message}`,
        );
      }
    }
  }

  async function start(): Promise<void> {
    expectingExit = false;
    const log = fs.openSync(logFile, 'a');
    // node with the tsx loader, not npx: the pid we signal is the service's own.
    const started = spawn(process.execPath, ['--import', 'tsx', spec.script], {
      cwd: projectRoot,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    child = started;
    started.once('exit', (code, signal) => {
      if (child === started) child = undefined;
      if (expectingExit || stopped) return;
      unexpectedExits.push(`${new Date().toISOString()} exited (${signal ?? `code ${code}`})`);
      void restartAfterCrash();
    });
    const deadline = Date.now() + 90_000;
    while (!(await spec.ready().catch(() => false))) {
      if (child !== started)
        throw new Error(`${spec.name} exited during start-up; read ${logFile}`);
      if (Date.now() > deadline) throw new Error(`${spec.name} did not get ready; read ${logFile}`);
      await sleep(200);
    }
  }

  async function kill(signal: NodeJS.Signals): Promise<void> {
    const current = child;
    if (!current) return;
    expectingExit = true;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill(signal);
    const escalate = setTimeout(() => current.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(escalate);
  }

  return {
    name: spec.name,
    start,
    kill,
    async stop() {
      stopped = true;
      await kill('SIGTERM');
    },
    unexpectedExits,
  };
}

/**
 * A readiness probe on a health endpoint: a 2xx, or with `anyAnswer` any answer at all (the
 * workers' and dispatcher's health says 503 while a dependency is down, yet they are serving).
 */
export function httpProbe(url: string, options: { anyAnswer?: boolean } = {}) {
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return options.anyAnswer === true || response.ok;
  };
}
