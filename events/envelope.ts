import { z } from 'zod';

/** Fields every event carries, whatever its type. `id` is also the outbox row id and inbox key. */
export const envelopeBase = z.object({
  id: z.uuid(),
  version: z.number().int().positive(),
  timestamp: z.iso.datetime(),
  source: z.string().min(1),
});

export const eventSource = 'sipeat-api';

/** Builds the schema of one event type and version from its data schema. */
export function defineEvent<const T extends string, const V extends number, D extends z.ZodType>(
  type: T,
  version: V,
  aggregateType: AggregateType,
  data: D,
) {
  const schema = envelopeBase.extend({
    type: z.literal(type),
    version: z.literal(version),
    data,
  });
  return { type, version, aggregateType, schema };
}

export const aggregateTypes = ['contact', 'request', 'machine'] as const;
export type AggregateType = (typeof aggregateTypes)[number];

/**
 * Partitions per outbox topic. A partition's events are handled one after another (order per
 * aggregate), so this bounds how many events a consumer group handles at once. Measured on
 * 2 cores: with 3 the workers topped out near 100 events/s; with 6, at 200/s a partition's lane
 * was busy enough that every hiccup of the machine left a backlog (handler p99 220-520 ms);
 * with 12, p50 41 ms and p99 226 ms (`npm run bench:e2e`).
 */
export const topicPartitions = 12;

/** The topic Debezium's EventRouter sends an aggregate type's events to. */
export function topicFor(aggregateType: AggregateType): string {
  return `sipeat.${aggregateType}.events`;
}
