import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../connect/stack/layout';

export type WriteBenchOutcome =
  | { status: 'ran'; resultFile: string; result: unknown }
  | { status: 'missing'; reason: string }
  | { status: 'failed'; exitCode: number | null };

const entry = path.join(projectRoot, 'bench', 'write', 'run.ts');

/**
 * Runs the write-rate benchmark (bench/write, owned by the API) as its own process, with this
 * process's environment (it reads its BENCH_* settings itself), echoing its output, and passes
 * through the JSON it wrote, found by the `written to <file>` line it prints.
 */
export async function runWriteBench(options: {
  say: (line: string) => void;
}): Promise<WriteBenchOutcome> {
  if (!fs.existsSync(entry)) return { status: 'missing', reason: `${entry} does not exist yet` };
  options.say('write: running bench/write/run.ts');

  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const resultFile = /written to (\S+)/.exec(output)?.[1];
  if (exitCode !== 0 || !resultFile || !fs.existsSync(resultFile))
    return { status: 'failed', exitCode };
  return { status: 'ran', resultFile, result: JSON.parse(fs.readFileSync(resultFile, 'utf8')) };
}
