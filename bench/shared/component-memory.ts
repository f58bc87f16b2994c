import type { StackLayout } from '../../connect/stack/layout';
import type { ChildService } from './child-service';
import { componentProcesses } from './component-processes';
import { processRssMb } from './process-rss';

export type MemorySample = Record<string, number>;

/**
 * RSS in MiB of every component: Postgres with all its backends, Kafka, Connect, the services
 * this benchmark started, and the benchmark process itself (load generator and mock Discord).
 */
export function sampleComponentMemory(layout: StackLayout, services: ChildService[]): MemorySample {
  const sample: MemorySample = {};
  for (const { name, pid, withDescendants } of componentProcesses(layout, services))
    sample[name] = processRssMb(pid, withDescendants);
  return sample;
}

/** The largest value each component reached over several samples. */
export function peakMemory(samples: MemorySample[]): MemorySample {
  const peak: MemorySample = {};
  for (const sample of samples) {
    for (const [name, mb] of Object.entries(sample)) peak[name] = Math.max(peak[name] ?? 0, mb);
  }
  return peak;
}
