import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { stackLayout } from '../../connect/stack/layout';
import { ConfigError, readEnv, runMain } from '../../lib/env';
import { formatChaosReport } from './report';
import { runChaos } from './run-chaos';

const usage =
  'npm run chaos -- [--minutes 10] [--faults 50] [--rate 6] [--seed 1] [--settle-minutes 5] [--port-base 3400]';

const argsSchema = z.object({
  minutes: z.coerce
    .number()
    .positive()
    .max(24 * 60),
  faults: z.coerce.number().int().min(1).max(10_000),
  rate: z.coerce.number().positive().max(500),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31),
  'settle-minutes': z.coerce.number().positive().max(120),
  'port-base': z.coerce.number().int().min(1024).max(65_530),
});

/** parseArgs throws on an unknown or value-less option; that is a usage error, not a crash. */
function parseOptions() {
  try {
    return parseArgs({
      options: {
        minutes: { type: 'string', default: '10' },
        faults: { type: 'string', default: '50' },
        rate: { type: 'string', default: '6' },
        seed: { type: 'string', default: '1' },
        'settle-minutes': { type: 'string', default: '5' },
        'port-base': { type: 'string', default: '3400' },
      },
    });
  } catch (error) {
    throw new ConfigError([(error as Error).message, `usage: ${usage}`]);
  }
}

runMain(async function main() {
  const { values } = parseOptions();
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    throw new ConfigError([
      ...parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`),
      `usage: ${usage}`,
    ]);
  }
  const args = parsed.data;
  const env = readEnv(
    z.object({ JAVA_HOME: z.string().optional(), PG_BIN: z.string().optional() }),
  );
  const report = await runChaos({
    seed: args.seed,
    loadMs: args.minutes * 60_000,
    faults: args.faults,
    rate: args.rate,
    settleTimeoutMs: args['settle-minutes'] * 60_000,
    portBase: args['port-base'],
    toolchain: { javaHome: env.JAVA_HOME, pgBin: env.PG_BIN },
    say: (text) => process.stdout.write(`${text}\n`),
  });
  const dir = path.join(stackLayout().logDir, 'chaos');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `report-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  process.stdout.write(`\n${formatChaosReport(report)}\n  full report          ${file}\n`);
  process.exitCode = report.passed ? 0 : 1;
});
