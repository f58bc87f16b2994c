import type { Db } from '../../db/client';
import type { Logger } from '../../lib/logger';
import type { Adapters } from './adapters';
import { simulatedCrm } from './crm';
import { noFaults, type FaultInjector } from './fault-injector';
import { simulatedMachines } from './machine';
import { createMailAdapter } from './mail';
import { ledgerPayments } from './payment';
import { simulatedSms } from './sms';

/** The deterministic implementations of every outside system, sharing one fault injector. */
export function defaultAdapters(options: {
  db: Db;
  logger: Logger;
  faults?: FaultInjector;
  smtpUrl?: string;
  mailFrom?: string;
  timeoutMs?: number;
}): Adapters {
  const faults = options.faults ?? noFaults;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const logger = options.logger.child({ component: 'adapters' });
  return {
    mail: createMailAdapter({
      ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}),
      from: options.mailFrom ?? 'SipEat <hello@sipeat.example>',
      logger,
      faults,
      timeoutMs,
    }),
    payment: ledgerPayments({ db: options.db, faults }),
    machines: simulatedMachines({ logger, faults }),
    crm: simulatedCrm({ logger, faults }),
    sms: simulatedSms({ logger, faults }),
    faults,
    timeoutMs,
  };
}
