import nodemailer from 'nodemailer';
import { DomainError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { faultError } from './adapter-error';
import { noFaults, type FaultInjector } from './fault-injector';

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  /** Stable per event, so a mail system that sees the same id twice can drop the copy. */
  messageId: string;
};

export type MailAdapter = { send(message: MailMessage): Promise<void> };

/**
 * Mail over SMTP when a URL is configured, else a transport that only logs that a mail would
 * have gone out (without the address). Both pass through the fault injector first.
 */
export function createMailAdapter(options: {
  smtpUrl?: string;
  from: string;
  logger: Logger;
  faults?: FaultInjector;
  timeoutMs?: number;
}): MailAdapter {
  const faults = options.faults ?? noFaults;
  const transport = options.smtpUrl
    ? nodemailer.createTransport({
        url: options.smtpUrl,
        connectionTimeout: options.timeoutMs ?? 5_000,
        greetingTimeout: options.timeoutMs ?? 5_000,
        socketTimeout: options.timeoutMs ?? 5_000,
      })
    : undefined;

  return {
    async send(message) {
      const fault = faults.failure('mail', message.to);
      if (fault) throw faultError('mail', fault);
      if (!transport) {
        options.logger.info({ messageId: message.messageId }, 'mail not sent: no SMTP configured');
        return;
      }
      try {
        await transport.sendMail({ from: options.from, ...message });
      } catch (error) {
        throw new DomainError('mail_failed', 'the mail server did not accept the message', {
          retriable: true,
          cause: error,
        });
      }
    },
  };
}
