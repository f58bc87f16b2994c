import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { machines } from './machines';

/**
 * A machine's network identity. Only the sha256 of its API key is kept: the key itself goes
 * to the machine once, at provisioning, and cannot be read back from here.
 */
export const machineCredentials = pgTable('machine_credentials', {
  machineId: uuid('machine_id')
    .primaryKey()
    .references(() => machines.id, { onDelete: 'cascade' }),
  machineCode: text('machine_code').notNull().unique(),
  apiKeySha256: text('api_key_sha256').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
