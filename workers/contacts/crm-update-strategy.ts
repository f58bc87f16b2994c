import { eq } from 'drizzle-orm';
import { contacts } from '../../db/schema';
import { withTimeout } from '../adapters/adapter-error';
import type { CrmAdapter } from '../adapters/crm';
import { rowNotVisible } from '../consumer/row-not-visible';
import type { ContactStrategy } from './contact-strategy';
import { leadScore } from './lead-score';

/**
 * Scores the lead, stores the score on the contact and upserts the lead in the CRM. The upsert
 * is keyed by contact id, so running this again after a rollback is harmless.
 */
export function crmUpdateStrategy(options: {
  crm: CrmAdapter;
  timeoutMs: number;
}): ContactStrategy {
  return {
    name: 'crm-update',
    effects: 'transaction',
    async run(tx, event) {
      const { contactId, companyName, email, message } = event.data;
      const score = leadScore({ companyName, email, message });
      const updated = await tx
        .update(contacts)
        .set({ leadScore: score })
        .where(eq(contacts.id, contactId))
        .returning({ id: contacts.id });
      if (updated.length === 0) throw rowNotVisible('contact', contactId);
      await withTimeout('crm', options.timeoutMs, () =>
        options.crm.upsertLead({ contactId, score, hasCompany: companyName !== null }),
      );
      return `lead score ${score}`;
    },
  };
}
