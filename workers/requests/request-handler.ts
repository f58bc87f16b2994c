import { eq, sql } from 'drizzle-orm';
import { drinkRequests, drinks } from '../../db/schema';
import type { Logger } from '../../lib/logger';
import type { Adapters } from '../adapters/adapters';
import type { EventHandler } from '../consumer/event-handler';
import { rowNotVisible } from '../consumer/row-not-visible';
import { enqueueNotifications } from '../discord/enqueue';
import { notificationOrigin } from '../notification-origin';
import { customerNoticeStep } from './customer-notice-step';
import { dispensingStep } from './dispensing-step';
import { inventoryStep } from './inventory-step';
import { paymentStep } from './payment-step';
import { requestNotification } from './request-notification';
import type { RequestStep } from './request-step';
import { runRequestChain } from './run-request-chain';

/** The request chain in its order: reserve, charge, dispense, tell the customer. */
export function requestChain(adapters: Adapters, logger: Logger): RequestStep[] {
  const { timeoutMs } = adapters;
  return [
    inventoryStep({ faults: adapters.faults }),
    paymentStep({ payment: adapters.payment, timeoutMs }),
    dispensingStep({ machines: adapters.machines, timeoutMs }),
    customerNoticeStep({ sms: adapters.sms, timeoutMs, logger }),
  ];
}

/**
 * Handles `request.created`: runs the chain and settles the request as completed, rejected or
 * failed, with its Discord notification, in the consumer's transaction. The request row is
 * locked first, so two deliveries in different groups can never both serve it.
 */
export function createRequestHandler(options: {
  adapters: Adapters;
  logger: Logger;
}): EventHandler<'request.created'> {
  const steps = requestChain(options.adapters, options.logger);

  return async function handleRequestCreated(tx, event, context) {
    const { requestId } = event.data;
    const [request] = await tx
      .select({
        status: drinkRequests.status,
        machineId: drinkRequests.machineId,
        drinkId: drinkRequests.drinkId,
        drinkName: drinks.name,
        priceCents: drinks.priceCents,
      })
      .from(drinkRequests)
      .innerJoin(drinks, eq(drinks.id, drinkRequests.drinkId))
      .where(eq(drinkRequests.id, requestId))
      .for('update', { of: drinkRequests });
    if (!request) throw rowNotVisible('request', requestId);
    if (request.status !== 'pending') {
      context.logger.info({ requestId, status: request.status }, 'request already settled');
      return;
    }

    const state = { requestId, ...request };
    const result = await runRequestChain(tx, steps, state, context);

    await tx
      .update(drinkRequests)
      .set({
        status: result.status,
        reason: result.status === 'completed' ? null : result.reason,
        priceChargedCents: result.status === 'completed' ? state.priceCents : null,
        updatedAt: sql`now()`,
      })
      .where(eq(drinkRequests.id, requestId));
    await enqueueNotifications(tx, notificationOrigin(event, 'request', requestId), [
      requestNotification(state, result),
    ]);
  };
}
