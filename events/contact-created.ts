import { z } from 'zod';
import { defineEvent } from './envelope';

export const contactCreated = defineEvent(
  'contact.created',
  1,
  'contact',
  z.object({
    contactId: z.uuid(),
    name: z.string(),
    email: z.string(),
    phone: z.string(),
    companyName: z.string().nullable(),
    message: z.string(),
  }),
);
export type ContactCreated = z.infer<typeof contactCreated.schema>;
