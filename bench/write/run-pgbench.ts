import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarise, type RateSummary } from './latency';

const pgbenchCandidates = ['/usr/bin/pgbench', '/usr/lib/postgresql/15/bin/pgbench'];

/**
 * The API's statement as a pgbench script. The ids the API generates in process become
 * gen_random_uuid() (pgbench has no string functions); every other value stays a bound
 * parameter, so with `-M prepared` Postgres plans and runs the same statement.
 */
export function pgbenchScript(statementText: string, serverGenerated: readonly number[]): string {
  const text = statementText.replace(/\$(\d+)/g, (_, n: string) =>
    serverGenerated.includes(Number(n)) ? 'gen_random_uuid()' : `:p${n}`,
  );
  return `${text};\n`;
}

/** Runs pgbench with `variables` as -D p<n>=value and summarises its per-transaction log. */
export async function runPgbench(options: {
  databaseUrl: string;
  script: string;
  variables: Record<number, string>;
  concurrency: number;
  durationSeconds: number;
}): Promise<RateSummary & { binary: string }> {
  const binary = pgbenchCandidates.find((path) => existsSync(path));
  if (!binary) throw new Error(`pgbench not found; looked in ${pgbenchCandidates.join(', ')}`);

  const dir = await mkdtemp(join(tmpdir(), 'sipeat-pgbench-'));
  try {
    const scriptPath = join(dir, 'insert-request.sql');
    await writeFile(scriptPath, options.script);
    const defines = Object.entries(options.variables).flatMap(([n, value]) => [
      '-D',
      `p${n}=${value}`,
    ]);
    const args = [
      ...['-n', '-M', 'prepared', '-f', scriptPath],
      ...['-c', String(options.concurrency), '-j', '2', '-T', String(options.durationSeconds)],
      ...['-l', '--log-prefix', join(dir, 'tx'), ...defines, options.databaseUrl],
    ];
    const output = await run(binary, args);
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);

    const latenciesMs: number[] = [];
    for (const file of (await readdir(dir)).filter((f) => f.startsWith('tx.'))) {
      for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
        const fields = line.split(' ');
        // client_id transaction_no latency_us script_no epoch_s epoch_us
        if (fields.length >= 6) latenciesMs.push(Number(fields[2]) / 1000);
      }
    }
    return { ...summarise(latenciesMs, failed, options.durationSeconds), binary };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(binary: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`pgbench exited ${code}:\n${output}`)),
    );
  });
}
