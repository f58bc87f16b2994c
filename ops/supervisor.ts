import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

export type ServiceSpec = {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
};

const colours = [36, 35, 33, 32, 34, 31];
const levelNames: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const hiddenKeys = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'name']);

/** Turns a pino JSON line into `info  message key=value …`; anything else passes through. */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const level = levelNames[Number(entry.level)] ?? String(entry.level);
    const fields = Object.entries(entry)
      .filter(([key]) => !hiddenKeys.has(key))
      .map(
        ([key, value]) =>
          `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
      );
    return [level.padEnd(5), String(entry.msg ?? ''), ...fields].join(' ');
  } catch {
    return line;
  }
}

/**
 * Runs several processes as one: their output prefixed and coloured by name, and all of them
 * stopped together. If one exits on its own, the others are stopped too: a half-running
 * pipeline would accept requests that nothing processes.
 */
export function superviseServices(specs: ServiceSpec[], write: (text: string) => void) {
  const width = Math.max(...specs.map((s) => s.name.length));
  const useColour = process.stdout.isTTY === true;
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  let onExit: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (onExit = resolve));

  specs.forEach((spec, index) => {
    const child = spawn(spec.command, spec.args, {
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.set(spec.name, child);
    const prefix = spec.name.padEnd(width);
    const tag = useColour ? `\x1b[${colours[index % colours.length]}m${prefix}\x1b[0m` : prefix;
    for (const stream of [child.stdout, child.stderr]) {
      readline
        .createInterface({ input: stream })
        .on('line', (line) => write(`${tag} | ${formatLogLine(line)}\n`));
    }
    child.on('exit', (code, signal) => {
      children.delete(spec.name);
      if (!stopping) {
        write(`${tag} | exited (${signal ?? code}); stopping the others\n`);
        void stop().then(() => onExit(1));
      } else if (children.size === 0) {
        onExit(0);
      }
    });
  });

  async function stop(): Promise<void> {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) child.kill('SIGTERM');
    const deadline = Date.now() + 15_000;
    while (children.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const child of children.values()) child.kill('SIGKILL');
  }

  return { stop, exited };
}
