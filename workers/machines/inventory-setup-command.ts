import { and, eq, inArray } from 'drizzle-orm';
import { drinks, machineInventory } from '../../db/schema';
import type { SetupCommand } from './setup-command';

/** Stocks the default assortment: every catalogue drink, `initialStock` units each. */
export function inventorySetupCommand(options: { initialStock: number }): SetupCommand {
  // Only the rows this command created are removed on undo, never stock someone else set.
  let created: string[] = [];
  return {
    name: 'inventory-setup',
    async execute(tx, machine) {
      const assortment = await tx.select({ id: drinks.id }).from(drinks);
      const inserted = await tx
        .insert(machineInventory)
        .values(
          assortment.map((d) => ({
            machineId: machine.machineId,
            drinkId: d.id,
            stock: options.initialStock,
          })),
        )
        .onConflictDoNothing()
        .returning({ drinkId: machineInventory.drinkId });
      created = inserted.map((row) => row.drinkId);
    },
    async undo(tx, machine) {
      if (created.length === 0) return;
      await tx
        .delete(machineInventory)
        .where(
          and(
            eq(machineInventory.machineId, machine.machineId),
            inArray(machineInventory.drinkId, created),
          ),
        );
    },
  };
}
