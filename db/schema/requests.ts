import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { drinks } from './catalogue';
import { machines } from './machines';

export const requestStatuses = ['pending', 'completed', 'rejected', 'failed'] as const;
export type RequestStatus = (typeof requestStatuses)[number];

export const drinkRequests = pgTable(
  'drink_requests',
  {
    id: uuid('id').primaryKey(),
    customerName: text('customer_name').notNull(),
    drinkId: text('drink_id')
      .notNull()
      .references(() => drinks.id),
    machineId: uuid('machine_id')
      .notNull()
      .references(() => machines.id),
    status: text('status', { enum: requestStatuses }).notNull().default('pending'),
    /** Why the request was rejected or failed, worded for the customer. */
    reason: text('reason'),
    priceChargedCents: integer('price_charged_cents'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'drink_requests_status_check',
      sql`${t.status} in ('pending', 'completed', 'rejected', 'failed')`,
    ),
    index('drink_requests_machine_idx').on(t.machineId),
  ],
);
