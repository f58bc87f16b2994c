import { z } from 'zod';
import type { contacts } from '../../db/schema';
import { storableText } from '../http/storable-text';
import { phoneNumber } from './phone-number';

export const contactInput = z
  .strictObject({
    name: storableText({ max: 200 }),
    email: z.email().max(254),
    phone: phoneNumber,
    companyName: storableText({ max: 200 })
      .nullish()
      .transform((value) => value ?? null),
    message: storableText({ max: 5000 }),
  })
  .meta({ id: 'ContactInput' });
export type ContactInput = z.output<typeof contactInput>;

// Keys in the order the first answer serialises them; replays parse through this to match.
export const contactView = z
  .object({
    id: z.uuid(),
    name: z.string(),
    email: z.string(),
    phone: z.string(),
    companyName: z.string().nullable(),
    message: z.string(),
    leadScore: z.number().int().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Contact' });
export type ContactView = z.output<typeof contactView>;

export function toContactView(row: typeof contacts.$inferSelect): ContactView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    companyName: row.companyName,
    message: row.message,
    leadScore: row.leadScore,
    createdAt: row.createdAt.toISOString(),
  };
}
