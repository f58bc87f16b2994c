import { and, eq, gt, sql } from 'drizzle-orm';
import { machineInventory, machines } from '../../db/schema';
import type { FaultInjector } from '../adapters/fault-injector';
import { RequestRefusal } from './request-refusal';
import type { RequestStep } from './request-step';

/** Reserves one unit of the drink on an active machine; compensation puts it back. */
export function inventoryStep(options: { faults: FaultInjector }): RequestStep {
  return {
    name: 'inventory',
    async handle(tx, state) {
      const [machine] = await tx
        .select({ name: machines.name, status: machines.status })
        .from(machines)
        .where(eq(machines.id, state.machineId));
      if (machine?.status !== 'active') {
        throw new RequestRefusal(
          'machine_inactive',
          'rejected',
          'This machine is not in service right now. You have not been charged.',
        );
      }
      state.machineName = machine.name;

      // Stands for the machine's own stock sensor disagreeing with our count.
      const sensorSaysEmpty = options.faults.failure('inventory', state.requestId) !== undefined;
      const reserved = sensorSaysEmpty
        ? []
        : await tx
            .update(machineInventory)
            .set({ stock: sql`${machineInventory.stock} - 1` })
            .where(
              and(
                eq(machineInventory.machineId, state.machineId),
                eq(machineInventory.drinkId, state.drinkId),
                gt(machineInventory.stock, 0),
              ),
            )
            .returning({ stock: machineInventory.stock });
      if (reserved.length === 0) {
        throw new RequestRefusal(
          'out_of_stock',
          'rejected',
          `${state.drinkName} is sold out at this machine. You have not been charged.`,
        );
      }
    },
    async compensate(tx, state) {
      await tx
        .update(machineInventory)
        .set({ stock: sql`${machineInventory.stock} + 1` })
        .where(
          and(
            eq(machineInventory.machineId, state.machineId),
            eq(machineInventory.drinkId, state.drinkId),
          ),
        );
    },
  };
}
