import { z } from 'zod';
import { requestStatuses, type drinkRequests } from '../../db/schema';
import { storableText } from '../http/storable-text';

export const requestInput = z
  .strictObject({
    customerName: storableText({ max: 200 }),
    drinkId: z
      .string()
      .regex(/^[a-z0-9-]{1,64}$/, 'must be a drink id from GET /drinks, e.g. "espresso"'),
    machineId: z.uuid(),
  })
  .meta({ id: 'DrinkRequestInput' });
export type RequestInput = z.output<typeof requestInput>;

// Keys in the order the first answer serialises them; replays parse through this to match.
export const requestView = z
  .object({
    id: z.uuid(),
    customerName: z.string(),
    drinkId: z.string(),
    machineId: z.uuid(),
    status: z.enum(requestStatuses),
    reason: z
      .string()
      .nullable()
      .meta({ description: 'Why the request was rejected or failed, worded for the customer' }),
    priceChargedCents: z.number().int().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'DrinkRequest' });
export type RequestView = z.output<typeof requestView>;

export function toRequestView(row: typeof drinkRequests.$inferSelect): RequestView {
  return {
    id: row.id,
    customerName: row.customerName,
    drinkId: row.drinkId,
    machineId: row.machineId,
    status: row.status,
    reason: row.reason,
    priceChargedCents: row.priceChargedCents,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
