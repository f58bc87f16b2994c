import { buildEvent } from '../../events/registry';
import { HttpProblem, problemTypes, type FieldError } from '../http/problem';
import type { ResourceWriter } from '../persistence/create-handler';
import { insertRequestStatements } from './insert-request-statement';
import { requestInput, requestView, type RequestInput, type RequestView } from './request-schema';

/** POST /requests: the drink request (pending) and its request.created event, one statement. */
export const requestWriter: ResourceWriter<RequestInput, RequestView> = {
  scope: 'POST /requests',
  noun: 'drink request',
  input: requestInput,
  view: requestView,
  statements: insertRequestStatements,
  prepare(input, { now, newId }) {
    const id = newId();
    const at = now.toISOString();
    const view: RequestView = {
      id,
      customerName: input.customerName,
      drinkId: input.drinkId,
      machineId: input.machineId,
      status: 'pending',
      reason: null,
      priceChargedCents: null,
      createdAt: at,
      updatedAt: at,
    };
    const event = buildEvent(
      'request.created',
      id,
      {
        requestId: id,
        customerName: input.customerName,
        drinkId: input.drinkId,
        machineId: input.machineId,
      },
      { now: () => now, newId },
    );
    const entityParams = [id, input.customerName, input.drinkId, input.machineId, at];
    return { entityParams, event, view, location: `/requests/${id}` };
  },
  refused(flags, input) {
    const errors: FieldError[] = [];
    if (flags.machine_found === false) {
      errors.push({ path: 'machineId', message: `no machine with id ${input.machineId}` });
    }
    if (flags.drink_found === false) {
      errors.push({
        path: 'drinkId',
        message: `no drink with id ${JSON.stringify(input.drinkId)}`,
      });
    }
    if (errors.length === 0) return undefined;
    return new HttpProblem(422, {
      type: problemTypes.unknownReference,
      title: 'Unknown reference',
      detail: errors.map((e) => e.message).join('; '),
      errors,
    });
  },
};
