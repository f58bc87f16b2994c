import type { NotificationField, NotificationMessage } from '../../db/schema';
import { codePointLength, discordLimits, fit, truncate } from './limits';
import { maskEmail, maskPerson, maskPhone } from './mask';

export type EmbedField = { name: string; value: string; inline?: boolean };
export type Embed = {
  title: string;
  description?: string;
  color: number;
  fields: EmbedField[];
  timestamp: string;
  footer: { text: string };
};
export type WebhookPayload = { embeds: Embed[]; allowed_mentions: { parse: [] } };

export type RenderInput = {
  eventId: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  createdAt: Date;
  message: NotificationMessage;
};

const failureColour = 0xe74c3c;
const successColours: Record<string, number> = {
  contact: 0x3498db,
  request: 0x2ecc71,
  machine: 0x9b59b6,
};

function maskValue(field: NotificationField): string {
  switch (field.kind) {
    case 'email':
      return maskEmail(field.value);
    case 'phone':
      return maskPhone(field.value);
    case 'person':
      return maskPerson(field.value);
    default:
      return field.value;
  }
}

/** Every string of an embed that counts towards Discord's 6000-character total. */
function totalLength(embed: Embed): number {
  return (
    codePointLength(embed.title) +
    codePointLength(embed.description ?? '') +
    codePointLength(embed.footer.text) +
    embed.fields.reduce((sum, f) => sum + codePointLength(f.name) + codePointLength(f.value), 0)
  );
}

/** Shortens the longest text until the embed fits the total limit. */
function fitTotal(embed: Embed): Embed {
  let excess = totalLength(embed) - discordLimits.totalCharacters;
  while (excess > 0) {
    const texts = [
      {
        length: codePointLength(embed.description ?? ''),
        cut: (n: number) => (embed.description = truncate(embed.description ?? '', n)),
      },
      ...embed.fields.map((field) => ({
        length: codePointLength(field.value),
        cut: (n: number) => (field.value = fit(field.value, n)),
      })),
    ];
    const longest = texts.reduce((a, b) => (b.length > a.length ? b : a));
    longest.cut(Math.max(16, longest.length - excess));
    const next = totalLength(embed) - discordLimits.totalCharacters;
    if (next >= excess) break; // nothing left to shorten; cannot happen with Discord's limits
    excess = next;
  }
  return embed;
}

/**
 * One embed per outcome: title and colour by event type and success, the facts as fields (with
 * personal data masked), the error on failure, a timestamp and a footer. Every Discord limit is
 * respected, so a 400 from Discord means a bug here, not in the data.
 */
export function renderNotification(input: RenderInput): WebhookPayload {
  const { message } = input;
  const success = message.outcome === 'success';
  const facts = message.fields.map((field) => ({
    name: fit(field.name, discordLimits.fieldName),
    value: fit(maskValue(field), discordLimits.fieldValue),
    inline: codePointLength(field.value) <= 40,
  }));
  const fields =
    facts.length <= discordLimits.fields
      ? facts
      : [
          ...facts.slice(0, discordLimits.fields - 1),
          {
            name: 'More',
            value: `${facts.length - discordLimits.fields + 1} more fields not shown`,
          },
        ];

  const embed: Embed = {
    title: fit(`${success ? '✅' : '❌'} ${message.title}`, discordLimits.title),
    color: success ? (successColours[input.aggregateType] ?? 0x2ecc71) : failureColour,
    fields,
    timestamp: input.createdAt.toISOString(),
    footer: {
      text: fit(`SipEat · ${input.eventType} · event ${input.eventId}`, discordLimits.footerText),
    },
  };
  if (!success && message.error !== undefined) {
    embed.description = fit(`**Error:** ${message.error}`, discordLimits.description);
  }
  return { embeds: [fitTotal(embed)], allowed_mentions: { parse: [] } };
}
