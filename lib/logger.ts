import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The one structured logger. Entry points create it; everything below receives a child.
 * Paths that may carry personal data or secrets are redacted at the source, so a careless
 * `log.info({ body })` still cannot leak an email address or a webhook URL.
 */
export function createLogger(options: {
  name: string;
  level?: string;
  /** Where lines go; stdout unless given (tests read what was logged). */
  destination?: { write(line: string): void };
}): Logger {
  const settings = {
    name: options.name,
    level: options.level ?? 'info',
    redact: {
      paths: [
        '*.email',
        '*.phone',
        '*.password',
        '*.token',
        '*.authorization',
        '*.webhookUrl',
        'req.headers.authorization',
        'email',
        'phone',
        'webhookUrl',
      ],
      censor: '[redacted]',
    },
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
