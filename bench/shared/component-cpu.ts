import os from 'node:os';
import type { StackLayout } from '../../connect/stack/layout';
import type { ChildService } from './child-service';
import { benchProcessName, componentProcesses } from './component-processes';
import { cpuPerUnit, processCpuSeconds } from './process-cpu';

/** CPU seconds each component had used when sampled. */
export type CpuSample = Record<string, number>;

export type CpuUse = {
  /** CPU milliseconds each component spent per accepted event, from load start to drained. */
  msPerEvent: Record<string, number>;
  /** The pipeline's total: every component but the benchmark process (load and mock Discord). */
  pipelineMsPerEvent: number;
  /**
   * Events per second the machine's cores could carry at that cost if the pipeline had them all
   * and CPU were the only limit: an upper bound, not a prediction.
   */
  cpuBoundPerSecond: number;
};

export function sampleComponentCpu(layout: StackLayout, services: ChildService[]): CpuSample {
  const sample: CpuSample = {};
  for (const { name, pid, withDescendants } of componentProcesses(layout, services))
    sample[name] = processCpuSeconds(pid, withDescendants);
  return sample;
}

export function cpuUse(before: CpuSample, after: CpuSample, events: number): CpuUse {
  const msPerEvent: Record<string, number> = {};
  let pipeline = 0;
  for (const [name, ms] of Object.entries(cpuPerUnit(before, after, events, 1e3))) {
    msPerEvent[name] = Math.round(ms * 100) / 100;
    if (name !== benchProcessName) pipeline += ms;
  }
  return {
    msPerEvent,
    pipelineMsPerEvent: Math.round(pipeline * 100) / 100,
    cpuBoundPerSecond: pipeline > 0 ? Math.round((os.cpus().length * 1000) / pipeline) : 0,
  };
}
