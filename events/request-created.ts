import { z } from 'zod';
import { defineEvent } from './envelope';

export const requestCreated = defineEvent(
  'request.created',
  1,
  'request',
  // Only ids: the API inserts the request and its event in one statement, and the worker reads
  // the machine and drink it needs from the database in its own transaction.
  z.object({
    requestId: z.uuid(),
    customerName: z.string(),
    drinkId: z.string(),
    machineId: z.uuid(),
  }),
);
export type RequestCreated = z.infer<typeof requestCreated.schema>;
