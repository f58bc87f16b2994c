import type { StackLayout } from '../../connect/stack/layout';
import { postgresPid } from '../../connect/stack/postgres';
import { runningPid } from '../../connect/stack/processes';
import type { ChildService } from './child-service';
import { processRssMb } from './process-rss';

export type MemorySample = Record<string, number>;

/**
 * RSS in MiB of every component: Postgres with all its backends, Kafka, Connect, the services
 * this benchmark started, and the benchmark process itself (load generator and mock Discord).
 */
export function sampleComponentMemory(layout: StackLayout, services: ChildService[]): MemorySample {
  const sample: MemorySample = {};
  const pgPid = postgresPid(layout);
  if (pgPid !== undefined) sample.postgres = processRssMb(pgPid, true);
  for (const name of ['kafka', 'connect']) {
    const pid = runningPid(layout.runDir, name);
    if (pid !== undefined) sample[name] = processRssMb(pid);
  }
  for (const service of services) sample[service.name] = processRssMb(service.pid);
  sample['bench (load + mock discord)'] = processRssMb(process.pid);
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
