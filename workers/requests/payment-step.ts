import { withTimeout } from '../adapters/adapter-error';
import type { PaymentAdapter } from '../adapters/payment';
import { RequestRefusal } from './request-refusal';
import type { RequestStep } from './request-step';

/**
 * Charges the catalogue price. The request id is the idempotency key, so a redelivered or
 * retried event finds the first charge instead of making a second one.
 */
export function paymentStep(options: { payment: PaymentAdapter; timeoutMs: number }): RequestStep {
  const { payment, timeoutMs } = options;
  return {
    name: 'payment',
    async handle(_tx, state) {
      const result = await withTimeout('payment', timeoutMs, () =>
        payment.charge(state.requestId, state.priceCents),
      );
      if (result.status !== 'charged') {
        throw new RequestRefusal(
          'payment_declined',
          'rejected',
          'Your payment was declined. No money was taken.',
        );
      }
    },
    async compensate(_tx, state) {
      await withTimeout('refund', timeoutMs, () => payment.refund(state.requestId));
    },
  };
}
