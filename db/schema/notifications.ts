import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const notificationStatuses = ['pending', 'sending', 'delivered', 'dead', 'skipped'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/** `kind` tells the renderer which values are personal data and how to mask them. */
export type NotificationField = {
  name: string;
  value: string;
  kind?: 'text' | 'email' | 'phone' | 'person';
};

/**
 * What a handler says about an outcome. The dispatcher renders it into a Discord embed at send
 * time, so a renderer fix also repairs rows that are still waiting.
 */
export type NotificationMessage = {
  /** e.g. 'request.completed', 'machine.setup_failed', 'contact.sales_alert' */
  kind: string;
  outcome: 'success' | 'failure';
  title: string;
  /** Ordered, human-readable facts; personal data is masked by the renderer, not here. */
  fields: NotificationField[];
  error?: string;
};

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    /** Global write order; per-aggregate delivery order follows it. */
    seq: bigserial('seq', { mode: 'bigint' }).notNull().unique(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    message: jsonb('message').$type<NotificationMessage>().notNull(),
    status: text('status', { enum: notificationStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    lastError: text('last_error'),
    /** Sends whose outcome was unknown (timeout after sending) and were retried: possible duplicates. */
    ambiguousSends: integer('ambiguous_sends').notNull().default(0),
    discordMessageId: text('discord_message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'notifications_status_check',
      sql`${t.status} in ('pending', 'sending', 'delivered', 'dead', 'skipped')`,
    ),
    // The claim walks due rows in next_attempt_at order and stops at its limit, so its cost
    // grows neither with a backlog of due rows nor with one of rows backing off (Discord down).
    index('notifications_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.status} in ('pending', 'sending')`),
    index('notifications_aggregate_idx').on(t.aggregateType, t.aggregateId, t.seq),
  ],
);
