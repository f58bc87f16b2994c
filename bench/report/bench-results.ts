import type { DualWriteResult } from '../dual-write/run-dual-write';
import type { E2eResult } from '../e2e/run-e2e';
import type { StartupResult } from '../startup/run-startup';
import type { WriteBenchOutcome } from '../write-delegate/run-write-bench';

/** Everything one `npm run bench` writes to bench/results/<timestamp>.json. */
export type BenchResults = {
  startedAt: string;
  command: string;
  machine: { cpus: number; node: string };
  stackStartedByBench: boolean;
  write?: WriteBenchOutcome;
  e2e?: E2eResult;
  dualWrite?: DualWriteResult;
  startup?: StartupResult;
};
