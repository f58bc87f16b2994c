import { withTimeout } from '../adapters/adapter-error';
import type { MailAdapter } from '../adapters/mail';
import type { ContactStrategy } from './contact-strategy';

/** Sends the welcome mail. Its Message-ID is derived from the event, so copies can be spotted. */
export function welcomeEmailStrategy(options: {
  mail: MailAdapter;
  timeoutMs: number;
}): ContactStrategy {
  return {
    name: 'welcome-email',
    effects: 'outside',
    async run(_tx, event) {
      const { name, email } = event.data;
      await withTimeout('mail', options.timeoutMs, () =>
        options.mail.send({
          to: email,
          subject: 'Thanks for contacting SipEat',
          text: `Hello ${name},\n\nthank you for your message. Our team will get back to you shortly.\n\nSipEat`,
          messageId: `<${event.id}.welcome@sipeat>`,
        }),
      );
      return 'welcome mail sent';
    },
  };
}
