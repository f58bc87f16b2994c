import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PartitionLag } from './kafka';

export type WorkerMetrics = {
  registry: Registry;
  observe(sample: { group: string; type: string; outcome: string; durationMs: number }): void;
};

/**
 * The worker's Prometheus metrics on a registry of its own (no global state). Lag is read from
 * the broker at scrape time: committed group offsets against the partitions' end offsets.
 */
export function createWorkerMetrics(options: {
  lag: () => Promise<(PartitionLag & { group: string })[]>;
}): WorkerMetrics {
  const registry = new Registry();
  const processed = new Counter({
    name: 'sipeat_worker_events_processed_total',
    help: 'Events handled, by consumer group, event type and outcome (applied, duplicate).',
    labelNames: ['group', 'type', 'outcome'],
    registers: [registry],
  });
  const failed = new Counter({
    name: 'sipeat_worker_events_failed_total',
    help: 'Events sent to the dead-letter topic, by consumer group and event type.',
    labelNames: ['group', 'type'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'sipeat_worker_processing_seconds',
    help: 'Time from receiving an event to settling it, retries included.',
    labelNames: ['group', 'type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'sipeat_worker_consumer_lag',
    help: 'Records on the topic not yet committed by the group, per partition.',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await options.lag()) {
        this.set({ group: row.group, topic: row.topic, partition: String(row.partition) }, row.lag);
      }
    },
  });

  return {
    registry,
    observe({ group, type, outcome, durationMs }) {
      if (outcome === 'dead_lettered') failed.inc({ group, type });
      else processed.inc({ group, type, outcome });
      duration.observe({ group, type }, durationMs / 1_000);
    },
  };
}
