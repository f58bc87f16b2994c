import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NotificationMessage } from '../../db/schema';
import { codePointLength, truncate } from './limits';
import { maskEmail, maskPerson, maskPhone } from './mask';
import { validateWebhookPayload } from './payload-validation';
import { renderNotification, type RenderInput } from './render';

const awkwardText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 3000 }),
  fc.string({ unit: 'binary', maxLength: 1500 }),
  fc.constantFrom(
    '',
    ' ',
    '\n\t',
    '👩🏽‍💻'.repeat(400),
    'é'.repeat(2000),
    'שלום עולם مرحبا'.repeat(100),
    'a\u0301'.repeat(900),
  ),
);

const message: fc.Arbitrary<NotificationMessage> = fc.record({
  kind: fc.string(),
  outcome: fc.constantFrom('success' as const, 'failure' as const),
  title: awkwardText,
  fields: fc.array(
    fc.record({
      name: awkwardText,
      value: awkwardText,
      kind: fc.constantFrom('text' as const, 'email' as const, 'phone' as const, 'person' as const),
    }),
    { maxLength: 40 },
  ),
  error: fc.option(awkwardText, { nil: undefined }),
});

const hasLoneSurrogate = (text: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

function input(m: NotificationMessage): RenderInput {
  return {
    eventId: '6f1c1f0e-3c55-4d53-9d39-1b2a3c4d5e6f',
    eventType: 'request.created',
    aggregateType: 'request',
    aggregateId: 'a',
    createdAt: new Date('2026-12-04T12:00:00Z'),
    message: m,
  };
}

describe('notification renderer', () => {
  it('renders any message, however long or strange its text, into a payload Discord accepts', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(validateWebhookPayload(renderNotification(input(m)))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('cuts between characters and marks the cut', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 500 }),
        fc.integer({ min: 2, max: 300 }),
        (text, max) => {
          const cut = truncate(text, max);
          expect(codePointLength(cut)).toBeLessThanOrEqual(max);
          if (cut !== text) {
            expect(cut.endsWith('…')).toBe(true);
            // The kept part is a prefix made of whole grapheme clusters of the original.
            expect(text.startsWith(cut.slice(0, -1))).toBe(true);
            expect(hasLoneSurrogate(cut)).toBe(false);
          }
        },
      ),
    );
    // A four-code-point emoji sequence is kept whole or dropped whole.
    expect(truncate('👩🏽‍💻👩🏽‍💻', 5)).toBe('👩🏽‍💻…');
    expect(truncate('👩🏽‍💻👩🏽‍💻', 4)).toBe('…');
  });

  it('colours and titles by event type and outcome, and puts the error in the description', () => {
    const failed = renderNotification(
      input({
        kind: 'request.failed',
        outcome: 'failure',
        title: 'Dispensing failed',
        fields: [],
        error: 'jammed',
      }),
    );
    const ok = renderNotification(
      input({ kind: 'request.completed', outcome: 'success', title: 'Drink served', fields: [] }),
    );
    expect(failed.embeds[0]?.color).toBe(0xe74c3c);
    expect(failed.embeds[0]?.description).toContain('jammed');
    expect(ok.embeds[0]?.color).toBe(0x2ecc71);
    expect(ok.embeds[0]?.title).toBe('✅ Drink served');
    expect(ok.embeds[0]?.footer.text).toContain('request.created');
  });

  it('masks personal data', () => {
    const rendered = renderNotification(
      input({
        kind: 'contact.sales_alert',
        outcome: 'success',
        title: 'Lead',
        fields: [
          { name: 'Email', value: 'jane.doe@example.com', kind: 'email' },
          { name: 'Phone', value: '+41 79 123 45 67', kind: 'phone' },
          { name: 'Name', value: 'Jane Mary Doe', kind: 'person' },
        ],
      }),
    );
    const values = rendered.embeds[0]?.fields.map((f) => f.value);
    expect(values).toEqual(['j***@example.com', '•••67', 'Jane M. D.']);
    expect(JSON.stringify(rendered)).not.toContain('jane.doe');
    expect(maskEmail('nobody')).toBe('***');
    expect(maskPhone('0044')).toBe('•••44');
    expect(maskPerson('  Ada  ')).toBe('Ada');
  });
});
