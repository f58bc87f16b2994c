import type { Logger } from '../../lib/logger';
import { describeError } from '../../lib/errors';
import { withTimeout } from '../adapters/adapter-error';
import type { SmsAdapter } from '../adapters/sms';
import type { RequestStep } from './request-step';

/**
 * Tells the customer the drink is ready. Best effort by design: the drink is already in the
 * tray, so a lost text must not refund it; the outcome notification records that it failed.
 */
export function customerNoticeStep(options: {
  sms: SmsAdapter;
  timeoutMs: number;
  logger: Logger;
}): RequestStep {
  return {
    name: 'customer-notice',
    async handle(_tx, state) {
      try {
        await withTimeout('sms', options.timeoutMs, () =>
          options.sms.notifyPickup({
            requestId: state.requestId,
            drinkName: state.drinkName,
            machineName: state.machineName ?? state.machineId,
          }),
        );
        state.pickupNoticeSent = true;
      } catch (error) {
        state.pickupNoticeSent = false;
        options.logger.warn(
          { requestId: state.requestId, err: describeError(error) },
          'pickup notice failed',
        );
      }
    },
  };
}
