import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const paymentStatuses = ['charged', 'declined', 'refunded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

/**
 * The ledger of the in-process payment provider. It stands for an outside system, so it is
 * written on its own connection, never inside a worker's transaction: a charge survives a
 * rolled-back handler exactly as a real card charge would. The idempotency key is the key.
 */
export const payments = pgTable(
  'payments',
  {
    idempotencyKey: text('idempotency_key').primaryKey(),
    amountCents: integer('amount_cents').notNull(),
    status: text('status', { enum: paymentStatuses }).notNull(),
    declineReason: text('decline_reason'),
    chargedAt: timestamp('charged_at', { withTimezone: true }).notNull().defaultNow(),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
  },
  (t) => [
    check('payments_status_check', sql`${t.status} in ('charged', 'declined', 'refunded')`),
    check('payments_amount_check', sql`${t.amountCents} >= 0`),
  ],
);
