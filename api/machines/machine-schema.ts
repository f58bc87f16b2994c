import { z } from 'zod';
import { machineStatuses, type machines } from '../../db/schema';
import { storableText } from '../http/storable-text';

export const machineInput = z
  .strictObject({
    name: storableText({ max: 200 }),
    country: storableText({ max: 100 }),
    city: storableText({ max: 100 }),
    street: storableText({ max: 200 })
      .nullish()
      .transform((value) => value ?? null),
  })
  .meta({ id: 'MachineInput' });
export type MachineInput = z.output<typeof machineInput>;

// Keys in the order the first answer serialises them; replays parse through this to match.
export const machineView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    country: z.string(),
    city: z.string(),
    street: z.string().nullable(),
    status: z.enum(machineStatuses),
    failureReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Machine' });
export type MachineView = z.output<typeof machineView>;

export const machinePage = z
  .object({
    items: z.array(machineView),
    nextCursor: z.uuid().nullable().meta({ description: 'Pass as `cursor` for the next page' }),
  })
  .meta({ id: 'MachinePage' });

export const machineListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.uuid().optional().meta({ description: 'nextCursor of the previous page' }),
});

export function toMachineView(row: typeof machines.$inferSelect): MachineView {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    city: row.city,
    street: row.street,
    status: row.status,
    failureReason: row.failureReason,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
