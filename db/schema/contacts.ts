import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const contacts = pgTable('contacts', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  /** Kept as text in its normalised E.164-like form: leading zeros and '+' survive. */
  phone: text('phone').notNull(),
  companyName: text('company_name'),
  message: text('message').notNull(),
  /** Set by the CRM strategy once the contact event is processed. */
  leadScore: integer('lead_score'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
