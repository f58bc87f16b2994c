import { z } from 'zod';
import { readEnv, runMain } from '../../lib/env';
import { stackLayout } from './layout';
import {
  connectionSettings,
  stackDown,
  stackReset,
  stackStatus,
  stackUp,
  type Progress,
} from './stack';

const usage = 'usage: tsx connect/stack/cli.ts up|down|status|reset';

const progress: Progress = (step, outcome, durationMs) => {
  process.stdout.write(
    `stack: ${step.padEnd(9)} ${outcome.padEnd(12)} ${(durationMs / 1000).toFixed(1)} s\n`,
  );
};

async function main(): Promise<void> {
  const env = readEnv(
    z.object({
      JAVA_HOME: z.string().optional(),
      PG_BIN: z.string().optional(),
      SIPEAT_STACK_DIR: z.string().optional(),
    }),
  );
  const layout = stackLayout(env.SIPEAT_STACK_DIR);
  const toolchain = { javaHome: env.JAVA_HOME, pgBin: env.PG_BIN };
  const command = process.argv[2];

  switch (command) {
    case 'up': {
      const started = performance.now();
      await stackUp(layout, toolchain, progress);
      process.stdout.write(`stack: up in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      for (const [name, value] of Object.entries(connectionSettings()))
        process.stdout.write(`  ${name}=${value}\n`);
      return;
    }
    case 'down':
      return stackDown(layout, toolchain, progress);
    case 'reset':
      return stackReset(layout, toolchain, progress);
    case 'status': {
      const rows = await stackStatus(layout);
      for (const row of rows) {
        const state =
          row.pid !== undefined
            ? row.listening
              ? 'up'
              : 'starting'
            : row.listening
              ? 'port taken by another process'
              : 'down';
        process.stdout.write(
          `${row.component.padEnd(9)} ${state.padEnd(10)} pid=${row.pid ?? '-'} port=${row.port} log=${row.log}\n`,
        );
      }
      if (rows.some((row) => row.pid === undefined)) process.exitCode = 3;
      return;
    }
    default:
      process.stderr.write(`${usage}\n`);
      process.exitCode = 2;
  }
}

runMain(main, 'stack');
