import type { NotificationMessage } from '../../db/schema';
import type { ChainResult } from './run-request-chain';
import type { RequestState } from './request-state';

function formatCents(cents: number): string {
  return `€${(cents / 100).toFixed(2)}`;
}

/** The Discord announcement of a request's outcome; the customer's name stays out of it. */
export function requestNotification(state: RequestState, result: ChainResult): NotificationMessage {
  const fields = [
    { name: 'Request', value: state.requestId },
    { name: 'Drink', value: state.drinkName },
    { name: 'Machine', value: state.machineName ?? state.machineId },
    { name: 'Status', value: result.status },
  ];
  if (result.status === 'completed') {
    return {
      kind: 'request.completed',
      outcome: 'success',
      title: 'Drink request completed',
      fields: [
        ...fields,
        { name: 'Charged', value: formatCents(state.priceCents) },
        { name: 'Pickup notice', value: state.pickupNoticeSent ? 'sent' : 'not delivered' },
      ],
    };
  }
  return {
    kind: `request.${result.status}`,
    outcome: 'failure',
    title: result.status === 'rejected' ? 'Drink request rejected' : 'Drink request failed',
    fields: [
      ...fields,
      { name: 'Failed step', value: result.step },
      { name: 'Reason', value: result.reason },
    ],
    error: result.error.code,
  };
}
