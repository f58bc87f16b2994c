import { index, jsonb, pgTable, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/**
 * Rows here are the events. Debezium reads inserts from the WAL (the table is the only one in
 * its publication) and the outbox EventRouter maps the columns: `aggregatetype` picks the topic,
 * `aggregateid` is the Kafka key, `id` and `type` become headers, `payload` is the value.
 * Column names follow the EventRouter's defaults so the connector config stays short.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    aggregatetype: varchar('aggregatetype', { length: 64 }).notNull(),
    aggregateid: varchar('aggregateid', { length: 64 }).notNull(),
    type: varchar('type', { length: 128 }).notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // For the retention purge (api/persistence/outbox-retention.ts). BRIN: rows arrive in time
  // order, so a few pages of summary find the old ones, and an insert barely pays for it.
  (t) => [index('outbox_created_at_brin').using('brin', t.createdAt)],
);
