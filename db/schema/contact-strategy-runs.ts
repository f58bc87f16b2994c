import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per contact strategy that finished for an event, so a retried or replayed event
 * skips what already happened (above all, it does not send the welcome email twice).
 */
export const contactStrategyRuns = pgTable(
  'contact_strategy_runs',
  {
    eventId: uuid('event_id').notNull(),
    strategy: text('strategy').notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.strategy] })],
);
