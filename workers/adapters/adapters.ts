import type { CrmAdapter } from './crm';
import type { FaultInjector } from './fault-injector';
import type { MachineAdapter } from './machine';
import type { MailAdapter } from './mail';
import type { PaymentAdapter } from './payment';
import type { SmsAdapter } from './sms';

/** Every outside system the handlers call, handed in by the entry point or a test. */
export type Adapters = {
  mail: MailAdapter;
  payment: PaymentAdapter;
  machines: MachineAdapter;
  crm: CrmAdapter;
  sms: SmsAdapter;
  /** Consulted by steps that have no outside system of their own (the inventory sensor). */
  faults: FaultInjector;
  /** Upper bound for any one outside call. */
  timeoutMs: number;
};
