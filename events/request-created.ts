import { z } from 'zod';
import { defineEvent } from './envelope';

export const requestCreated = defineEvent(
  'request.created',
  1,
  'request',
  z.object({
    requestId: z.uuid(),
    customerName: z.string(),
    drinkId: z.string(),
    machineId: z.uuid(),
    machineName: z.string(),
  }),
);
export type RequestCreated = z.infer<typeof requestCreated.schema>;
