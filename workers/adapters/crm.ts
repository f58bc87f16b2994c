import type { Logger } from '../../lib/logger';
import { faultError } from './adapter-error';
import { noFaults, type FaultInjector } from './fault-injector';

export type Lead = { contactId: string; score: number; hasCompany: boolean };

export type CrmAdapter = { upsertLead(lead: Lead): Promise<void> };

/** Stands for Salesforce/HubSpot: records nothing outside, fails only on an injected fault. */
export function simulatedCrm(options: { logger: Logger; faults?: FaultInjector }): CrmAdapter {
  const faults = options.faults ?? noFaults;
  return {
    async upsertLead(lead) {
      const fault = faults.failure('crm', lead.contactId);
      if (fault) throw faultError('crm', fault);
      options.logger.debug({ contactId: lead.contactId, score: lead.score }, 'lead upserted');
    },
  };
}
