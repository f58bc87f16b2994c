import { eq } from 'drizzle-orm';
import { maintenanceVisits } from '../../db/schema';
import { maintenanceDates } from './maintenance-dates';
import type { SetupCommand } from './setup-command';

/** Plans the first year of monthly visits, starting 30 days after installation. */
export function maintenanceScheduleCommand(options: { visits?: number } = {}): SetupCommand {
  return {
    name: 'maintenance-schedule',
    async execute(tx, machine) {
      const dates = maintenanceDates(machine.installedAt, options.visits ?? 12);
      await tx
        .insert(maintenanceVisits)
        .values(dates.map((dueOn) => ({ machineId: machine.machineId, dueOn })))
        .onConflictDoNothing();
    },
    async undo(tx, machine) {
      await tx.delete(maintenanceVisits).where(eq(maintenanceVisits.machineId, machine.machineId));
    },
  };
}
