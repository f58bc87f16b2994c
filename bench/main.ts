import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { projectRoot, stackLayout } from '../connect/stack/layout';
import { connectUrl, databaseUrl, kafkaBrokers, readEnv, runMain } from '../lib/env';
import { runDualWrite } from './dual-write/run-dual-write';
import { runE2e } from './e2e/run-e2e';
import type { BenchResults } from './report/bench-results';
import { renderHtmlReport } from './report/render-html-report';
import { printTables } from './report/print-tables';
import { ensureStack } from './shared/ensure-stack';
import { runStartup } from './startup/run-startup';
import { runWriteBench } from './write-delegate/run-write-bench';

const parts = ['write', 'e2e', 'dualwrite', 'startup'] as const;
type Part = (typeof parts)[number];

const usage =
  'usage: tsx bench/main.ts [all|write|e2e|dualwrite|startup] [--duration-s N] [--rates 200,1000]\n' +
  '         [--step-rates 300,500,...] [--step-duration-s N] [--dualwrite-rate N] [--no-outage]';

const rateList = (text: string) => text.split(',').map((r) => Number.parseInt(r, 10));

runMain(async function bench() {
  const env = readEnv(
    z.object({
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: kafkaBrokers,
      CONNECT_URL: connectUrl,
      JAVA_HOME: z.string().optional(),
      PG_BIN: z.string().optional(),
    }),
  );
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'duration-s': { type: 'string', default: '60' },
      rates: { type: 'string', default: '200,1000' },
      'step-rates': { type: 'string', default: '50,100,150,200,300,500,700,1000' },
      'step-duration-s': { type: 'string', default: '20' },
      'dualwrite-rate': { type: 'string', default: '200' },
      // Development runs skip the broker outage: it disturbs everyone using the shared stack.
      'no-outage': { type: 'boolean', default: false },
    },
  });
  const chosen = positionals[0] ?? 'all';
  if (chosen !== 'all' && !parts.includes(chosen as Part)) {
    process.stderr.write(`${usage}\n`);
    process.exit(2);
  }
  const run = (part: Part) => chosen === 'all' || chosen === part;
  const durationSeconds = Number(values['duration-s']);
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const resultsDir = path.join(projectRoot, 'bench', 'results');
  const logDir = path.join(resultsDir, `${stamp}-logs`);
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const layout = stackLayout();
  const toolchain = { javaHome: env.JAVA_HOME, pgBin: env.PG_BIN };
  const stack = await ensureStack({
    layout,
    toolchain,
    databaseUrl: env.DATABASE_URL,
    brokers: env.KAFKA_BROKERS,
    connectUrl: env.CONNECT_URL,
    progress: (step, outcome, ms) => say(`stack: ${step} ${outcome} ${(ms / 1000).toFixed(1)} s`),
  });

  fs.mkdirSync(resultsDir, { recursive: true });
  const base = path.join(resultsDir, stamp);
  // Saved after every part, so a part that fails late does not take the earlier figures along.
  const save = () => {
    fs.writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
    fs.writeFileSync(`${base}.html`, renderHtmlReport(results));
  };
  const results: BenchResults = {
    startedAt: startedAt.toISOString(),
    command: process.argv.slice(2).join(' ') || 'all',
    machine: { cpus: os.cpus().length, node: process.version },
    stackStartedByBench: stack.startedStack,
  };
  // Start-up first, on an idle machine; the write bench last, as its rows stream through
  // Debezium for a while afterwards and would land in the other parts' consumer groups.
  if (run('startup')) results.startup = await runStartup({ toolchain, say });
  save();
  if (run('e2e'))
    results.e2e = await runE2e({
      layout,
      databaseUrl: env.DATABASE_URL,
      brokers: env.KAFKA_BROKERS,
      rates: rateList(values.rates),
      durationSeconds,
      stepRates: rateList(values['step-rates']),
      stepDurationSeconds: Number(values['step-duration-s']),
      logDir,
      say,
    });
  save();
  if (run('dualwrite'))
    results.dualWrite = await runDualWrite({
      layout,
      toolchain,
      databaseUrl: env.DATABASE_URL,
      brokers: env.KAFKA_BROKERS,
      connectUrl: env.CONNECT_URL,
      ratePerSecond: Number(values['dualwrite-rate']),
      outage: !values['no-outage'],
      durationSeconds,
      logDir,
      say,
    });
  save();
  if (run('write')) results.write = await runWriteBench({ say });
  save();

  say(printTables(results));
  say(`written to ${base}.json and ${base}.html`);
});
