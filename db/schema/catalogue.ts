import { boolean, integer, pgTable, text } from 'drizzle-orm/pg-core';

/** The drinks SipEat sells. Prices are integer cents; premium drinks carry a surcharge already. */
export const drinks = pgTable('drinks', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  priceCents: integer('price_cents').notNull(),
  premium: boolean('premium').notNull().default(false),
});
