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
 * aggregate), so this bounds how many events a consumer group handles at once: measured with
 * 3, the workers topped out near 100 events/s.
 */
export const topicPartitions = 6;

/** The topic Debezium's EventRouter sends an aggregate type's events to. */
export function topicFor(aggregateType: AggregateType): string {
  return `sipeat.${aggregateType}.events`;
}
