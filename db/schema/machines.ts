import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { drinks } from './catalogue';

export const machineStatuses = ['provisioning', 'active', 'failed'] as const;
export type MachineStatus = (typeof machineStatuses)[number];

export const machines = pgTable(
  'machines',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    country: text('country').notNull(),
    city: text('city').notNull(),
    street: text('street'),
    status: text('status', { enum: machineStatuses }).notNull().default('provisioning'),
    failureReason: text('failure_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('machines_status_check', sql`${t.status} in ('provisioning', 'active', 'failed')`)],
);

export const machineInventory = pgTable(
  'machine_inventory',
  {
    machineId: uuid('machine_id')
      .notNull()
      .references(() => machines.id, { onDelete: 'cascade' }),
    drinkId: text('drink_id')
      .notNull()
      .references(() => drinks.id),
    stock: integer('stock').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.machineId, t.drinkId] }),
    check('machine_inventory_stock_check', sql`${t.stock} >= 0`),
  ],
);
