import type { Logger } from '../../lib/logger';
import { faultError } from './adapter-error';
import { noFaults, type FaultInjector } from './fault-injector';

export type PickupNotice = { requestId: string; drinkName: string; machineName: string };

export type SmsAdapter = { notifyPickup(notice: PickupNotice): Promise<void> };

/** Stands for an SMS/push provider; fails only on an injected fault (keyed by request id). */
export function simulatedSms(options: { logger: Logger; faults?: FaultInjector }): SmsAdapter {
  const faults = options.faults ?? noFaults;
  return {
    async notifyPickup(notice) {
      const fault = faults.failure('sms', notice.requestId);
      if (fault) throw faultError('sms', fault);
      options.logger.debug({ requestId: notice.requestId }, 'pickup notice sent');
    },
  };
}
