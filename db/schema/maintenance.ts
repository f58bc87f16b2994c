import { date, index, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { machines } from './machines';

/** Planned maintenance visits; the machine setup writes the first year of them. */
export const maintenanceVisits = pgTable(
  'maintenance_visits',
  {
    machineId: uuid('machine_id')
      .notNull()
      .references(() => machines.id, { onDelete: 'cascade' }),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.machineId, t.dueOn] }),
    index('maintenance_due_idx').on(t.dueOn),
  ],
);
