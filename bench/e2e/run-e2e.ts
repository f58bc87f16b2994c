import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StackLayout } from '../../connect/stack/layout';
import { sampleComponentCpu } from '../shared/component-cpu';
import { peakMemory, sampleComponentMemory, type MemorySample } from '../shared/component-memory';
import { createJsonPoster } from '../shared/post-json';
import { runAtRate, type RateResult } from './run-at-rate';
import { startPipeline } from './start-pipeline';
import { createTrafficMix, seedBenchMachines } from './traffic-mix';
import { waitForEmptyPipeline, type BacklogAtStart } from './wait-for-empty-pipeline';

export type E2eRun = RateResult & {
  /** What the previous rate left behind when this one started; zeros unless its wait ran out. */
  backlogAtStart: BacklogAtStart;
};

export type E2eResult = {
  tag: string;
  consumerGroups: string[];
  runs: E2eRun[];
  steps: E2eRun[];
  /** The highest stepped rate whose handler backlog did not grow; null if none did. */
  maxSustainedPerSecond: number | null;
  memoryAtRestMb: MemorySample;
  memoryUnderLoadMb: MemorySample;
};

/**
 * Runs the pipeline once, steps through `stepRates` (shorter runs) until the pipeline stops
 * keeping up, then offers each of `rates` for `durationSeconds`. Memory is sampled at rest,
 * before any load, and every second under load.
 */
export async function runE2e(options: {
  layout: StackLayout;
  databaseUrl: string;
  brokers: string[];
  rates: number[];
  durationSeconds: number;
  stepRates: number[];
  stepDurationSeconds: number;
  logDir: string;
  say: (line: string) => void;
}): Promise<E2eResult> {
  const tag = `bench-e2e-${randomBytes(3).toString('hex')}`;
  const startedAt = new Date();
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 3 });
  const machineIds = await seedBenchMachines(pool, tag, 4);
  const pipeline = await startPipeline({
    databaseUrl: options.databaseUrl,
    brokers: options.brokers,
    groupPrefix: tag,
    logDir: options.logDir,
  });
  const poster = createJsonPoster({ port: pipeline.apiPort });
  const orderFor = createTrafficMix({ tag, machineIds });
  const loadSamples: MemorySample[] = [];
  let offset = 0;

  const run = async (ratePerSecond: number, durationSeconds: number): Promise<E2eRun> => {
    const backlogAtStart = await waitForEmptyPipeline({
      pool,
      consumerLag: () => pipeline.consumerLag(),
      since: startedAt,
      timeoutSeconds: 180,
    });
    const start = offset;
    offset += Math.ceil(ratePerSecond * durationSeconds);
    options.say(`e2e: ${ratePerSecond}/s for ${durationSeconds} s`);
    const result = await runAtRate({
      pool,
      pipeline,
      poster,
      orderFor: (index) => orderFor(start + index),
      ratePerSecond,
      durationSeconds,
      drainTimeoutSeconds: Math.max(60, durationSeconds * 2),
      onSecond: () => loadSamples.push(sampleComponentMemory(options.layout, pipeline.services)),
      sampleCpu: () => sampleComponentCpu(options.layout, pipeline.services),
    });
    options.say(
      `e2e: ${ratePerSecond}/s handler p50 ${result.toHandler.p50Ms} ms p99 ${result.toHandler.p99Ms} ms, ` +
        `backlog slope ${result.handlerBacklogSlopePerSecond}/s, ${result.sustained ? 'sustained' : 'NOT sustained'}` +
        (result.cpu
          ? `, pipeline CPU ${result.cpu.pipelineMsPerEvent} ms/event (CPU bound ${result.cpu.cpuBoundPerSecond}/s)`
          : ''),
    );
    return { ...result, backlogAtStart };
  };

  try {
    // Warm-up: JIT, pooled connections and consumer fetch sessions; not reported.
    await run(50, 3);
    loadSamples.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const memoryAtRestMb = sampleComponentMemory(options.layout, pipeline.services);

    // Steps first: a rate the pipeline cannot keep up with leaves a backlog behind it.
    const steps: E2eRun[] = [];
    let maxSustainedPerSecond: number | null = null;
    for (const rate of options.stepRates) {
      const step = await run(rate, options.stepDurationSeconds);
      steps.push(step);
      if (!step.sustained) break;
      maxSustainedPerSecond = rate;
    }

    const runs: E2eRun[] = [];
    for (const rate of options.rates) runs.push(await run(rate, options.durationSeconds));

    return {
      tag,
      consumerGroups: pipeline.consumerGroups,
      runs,
      steps,
      maxSustainedPerSecond,
      memoryAtRestMb,
      memoryUnderLoadMb: peakMemory(loadSamples),
    };
  } finally {
    poster.close();
    await pipeline.stop();
    await pool.end();
  }
}
