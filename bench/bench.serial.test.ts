import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../connect/stack/layout';
import { testEnv } from '../test/support/env';
import type { BenchResults } from './report/bench-results';

/**
 * The benchmark as a user runs it, cut to a few seconds: it must run on the stack it finds,
 * carry every accepted event through to Discord, and write its JSON and HTML. No figure is
 * checked here: on a shared 2-core machine they belong in bench/results, not in assertions.
 * The write part is left out: its thousands of rows would stream into the topics that later
 * serial tests' consumer groups read from the beginning.
 */
async function runBench(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ results: BenchResults; html: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...args], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: testEnv.databaseUrl,
      KAFKA_BROKERS: testEnv.kafkaBrokers.join(','),
      CONNECT_URL: testEnv.connectUrl,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, output).toBe(0);
  const [, json, html] = /written to (\S+\.json) and (\S+\.html)/.exec(output) ?? [];
  expect(json && html, output).toBeTruthy();
  return {
    results: JSON.parse(fs.readFileSync(path.resolve(json!), 'utf8')) as BenchResults,
    html: fs.readFileSync(path.resolve(html!), 'utf8'),
  };
}

describe('npm run bench', () => {
  it('carries every accepted event of an end-to-end run to its handler and to Discord', async () => {
    const { results, html } = await runBench([
      'e2e',
      ...['--rates', '20', '--duration-s', '4', '--step-rates', '20', '--step-duration-s', '3'],
    ]);

    const rates = [...(results.e2e?.steps ?? []), ...(results.e2e?.runs ?? [])];
    expect(rates).toHaveLength(2);
    for (const rate of rates) {
      expect(rate.accepted).toBe(rate.sent);
      expect(rate.accepted).toBeGreaterThan(0);
      expect(rate.missingHandled).toBe(0);
      expect(rate.missingDiscord).toBe(0);
      expect(Object.keys(rate.cpu?.msPerEvent ?? {})).toEqual(
        expect.arrayContaining(['postgres', 'kafka', 'connect', 'api', 'workers', 'dispatcher']),
      );
    }
    expect(html).toContain('<svg');
  });
});
