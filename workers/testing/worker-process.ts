import { spawn, type ChildProcess } from 'node:child_process';
import { testEnv } from '../../test/support/env';

/**
 * `tsx workers/main.ts` as a child process on a test's topics and groups. Resolves once the
 * worker logged that it is ready; `exited` settles when the process ends, however it ends.
 */
export async function spawnWorker(options: {
  topicPrefix: string;
  groupPrefix: string;
  groups?: string;
  env?: Record<string, string>;
}) {
  // Node with the tsx loader, not npx: the child's pid is the worker's own, so signals reach it.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: testEnv.databaseUrl,
      KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
      KAFKA_TOPIC_PREFIX: options.topicPrefix,
      WORKER_GROUP_PREFIX: options.groupPrefix,
      WORKER_GROUPS: options.groups ?? 'contact,request,machine',
      WORKER_PORT: '0',
      WORKER_RETRY_BASE_MS: '20',
      // A killed worker's partitions move on sooner; the broker's minimum is 6 s.
      WORKER_SESSION_TIMEOUT_MS: '8000',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('"workers ready"')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`worker exited before ready:\n${output}`));
    });
  });

  return {
    pid: child.pid,
    exited,
    output: () => output,
    /** Ids of the events this process settled with the given outcome, from its log. */
    eventsWith: (outcome: 'applied' | 'duplicate' | 'dead_lettered') =>
      output
        .split('\n')
        .filter((l) => l.includes('"event processed"') && l.includes(`"outcome":"${outcome}"`))
        .map((l) => (JSON.parse(l) as { eventId: string }).eventId),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
