import { defineConfig } from 'vitest/config';

// Serial tests kill and restart shared services or need the pipeline to themselves, so `npm test` runs them in
// a second pass, one file at a time, after the main suite.
const serialSuite = process.env.SIPEAT_TEST_SUITE === 'serial';

export default defineConfig({
  test: {
    include: serialSuite ? ['**/*.serial.test.ts'] : ['**/*.test.ts'],
    exclude: ['node_modules/**', '.stack/**', ...(serialSuite ? [] : ['**/*.serial.test.ts'])],
    globalSetup: ['test/global-setup.ts'],
    // Integration tests share one real stack; keep them from starving each other on 2 cores.
    maxWorkers: serialSuite ? 1 : 2,
    fileParallelism: !serialSuite,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
