import { enqueueNotifications } from '../discord/enqueue';
import { notificationOrigin } from '../notification-origin';
import type { ContactStrategy } from './contact-strategy';

/** Alerts the sales team with a Discord notification of its own. */
export function salesAlertStrategy(): ContactStrategy {
  return {
    name: 'sales-alert',
    effects: 'transaction',
    async run(tx, event) {
      const { contactId, name, email, phone, companyName, message } = event.data;
      await enqueueNotifications(tx, notificationOrigin(event, 'contact', contactId), [
        {
          kind: 'contact.sales_alert',
          outcome: 'success',
          title: 'New lead for the sales team',
          fields: [
            { name: 'Contact', value: contactId },
            // Marked by kind: the renderer masks them, so Discord never sees them in full.
            { name: 'Name', value: name, kind: 'person' },
            { name: 'Email', value: email, kind: 'email' },
            { name: 'Phone', value: phone, kind: 'phone' },
            { name: 'Company', value: companyName ?? 'not given' },
            { name: 'Message length', value: `${message.length} characters` },
          ],
        },
      ]);
      return 'sales team alerted';
    },
  };
}
