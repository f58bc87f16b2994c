import { eq, sql } from 'drizzle-orm';
import type { NotificationMessage } from '../../db/schema';
import { machines } from '../../db/schema';
import type { Adapters } from '../adapters/adapters';
import type { EventHandler } from '../consumer/event-handler';
import { rowNotVisible } from '../consumer/row-not-visible';
import { enqueueNotifications } from '../discord/enqueue';
import { notificationOrigin } from '../notification-origin';
import { inventorySetupCommand } from './inventory-setup-command';
import { locationValidationCommand } from './location-validation-command';
import { maintenanceScheduleCommand } from './maintenance-schedule-command';
import { networkConfigurationCommand } from './network-configuration-command';
import type { RestrictedArea } from './restricted-areas';
import type { SetupCommand } from './setup-command';
import { runSetupCommands, type SetupResult } from './run-setup-commands';

export type MachineSetupOptions = {
  adapters: Adapters;
  restrictedAreas: RestrictedArea[];
  initialStock: number;
  now: () => Date;
};

/** Fresh commands per event: a command remembers what it did so its undo removes exactly that. */
export function machineSetupCommands(options: MachineSetupOptions): SetupCommand[] {
  return [
    locationValidationCommand(options.restrictedAreas),
    inventorySetupCommand({ initialStock: options.initialStock }),
    networkConfigurationCommand({
      machines: options.adapters.machines,
      timeoutMs: options.adapters.timeoutMs,
    }),
    maintenanceScheduleCommand(),
  ];
}

function machineNotification(
  machine: { machineId: string; name: string; city: string; country: string },
  result: SetupResult,
): NotificationMessage {
  const fields = [
    { name: 'Machine', value: machine.name },
    { name: 'Location', value: `${machine.city}, ${machine.country}` },
    { name: 'Status', value: result.status },
  ];
  if (result.status === 'active') {
    return { kind: 'machine.activated', outcome: 'success', title: 'Machine set up', fields };
  }
  return {
    kind: 'machine.setup_failed',
    outcome: 'failure',
    title: 'Machine setup failed',
    fields: [
      ...fields,
      { name: 'Failed command', value: result.command },
      { name: 'Reason', value: result.error.message },
    ],
    error: result.error.code,
  };
}

/**
 * Handles `machine.created`: runs the setup commands and leaves the machine `active`, or
 * `failed` with the reason and nothing of the undone commands left behind.
 */
export function createMachineHandler(
  options: MachineSetupOptions,
): EventHandler<'machine.created'> {
  return async function handleMachineCreated(tx, event, context) {
    const { machineId } = event.data;
    const [machine] = await tx
      .select({
        name: machines.name,
        country: machines.country,
        city: machines.city,
        status: machines.status,
      })
      .from(machines)
      .where(eq(machines.id, machineId))
      .for('update');
    if (!machine) throw rowNotVisible('machine', machineId);
    if (machine.status !== 'provisioning') {
      context.logger.info({ machineId, status: machine.status }, 'machine already set up');
      return;
    }

    const setup = {
      machineId,
      country: machine.country,
      city: machine.city,
      installedAt: options.now(),
    };
    const result = await runSetupCommands(tx, machineSetupCommands(options), setup, context);

    await tx
      .update(machines)
      .set({
        status: result.status,
        failureReason: result.status === 'failed' ? result.error.message : null,
        updatedAt: sql`now()`,
      })
      .where(eq(machines.id, machineId));
    await enqueueNotifications(tx, notificationOrigin(event, 'machine', machineId), [
      machineNotification({ machineId, ...machine }, result),
    ]);
  };
}
