import { z } from 'zod';
import { defineEvent } from './envelope';

export const machineCreated = defineEvent(
  'machine.created',
  1,
  'machine',
  z.object({
    machineId: z.uuid(),
    name: z.string(),
    country: z.string(),
    city: z.string(),
    street: z.string().nullable(),
  }),
);
export type MachineCreated = z.infer<typeof machineCreated.schema>;
