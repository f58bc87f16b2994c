import { defineConfig } from 'vitest/config';

// Fault tests kill and restart shared services (Connect, workers, ...), so `npm test` runs them in
// a second pass, one file at a time, after the main suite.
const faultSuite = process.env.SIPEAT_TEST_SUITE === 'fault';

export default defineConfig({
  test: {
    include: faultSuite ? ['**/*.fault.test.ts'] : ['**/*.test.ts'],
    exclude: ['node_modules/**', '.stack/**', ...(faultSuite ? [] : ['**/*.fault.test.ts'])],
    globalSetup: ['test/global-setup.ts'],
    // Integration tests share one real stack; keep them from starving each other on 2 cores.
    maxWorkers: faultSuite ? 1 : 2,
    fileParallelism: !faultSuite,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
