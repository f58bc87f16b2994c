import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockDiscord, type MockDiscord } from './mock-discord';
import type { WebhookPayload } from './render';
import { executeWebhook } from './webhook-client';

const payload: WebhookPayload = {
  embeds: [
    {
      title: 'Drink served',
      color: 0x2ecc71,
      fields: [{ name: 'Machine', value: 'M-1' }],
      timestamp: '2026-12-04T12:00:00.000Z',
      footer: { text: 'SipEat' },
    },
  ],
  allowed_mentions: { parse: [] },
};

describe('webhook client', () => {
  let mock: MockDiscord;
  beforeAll(async () => {
    mock = await startMockDiscord({ rateLimit: { limit: 1000, windowMs: 1000 } });
  });
  afterAll(() => mock.close());

  it('returns the id Discord assigned and the bucket it reported', async () => {
    const result = await executeWebhook(mock.webhookUrl, payload, 2_000);

    expect(result.kind).toBe('delivered');
    if (result.kind !== 'delivered') return;
    expect(result.messageId).toBe(mock.received.at(-1)?.id);
    expect(result.pacing.remaining).toBe(999);
  });

  it('reads a fractional retry_after in seconds and the global flag from a 429', async () => {
    mock.enqueue({ kind: 'rate-limit', retryAfterSeconds: 1.25, global: true });

    expect(await executeWebhook(mock.webhookUrl, payload, 2_000)).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 1250,
      global: true,
    });
  });

  it('tells a gone webhook (404, 401) apart from a payload Discord rejects (400)', async () => {
    mock.enqueue({ kind: 'gone', status: 401 });
    const gone = await executeWebhook(mock.webhookUrl, payload, 2_000);
    mock.recover();
    const empty = { ...payload, embeds: [] };
    const rejected = await executeWebhook(mock.webhookUrl, empty, 2_000);

    expect(gone).toEqual({ kind: 'webhook-gone', status: 401 });
    expect(rejected.kind).toBe('invalid-payload');
    if (rejected.kind === 'invalid-payload')
      expect(rejected.body).toContain('Cannot send an empty message');
  });

  it('calls a 5xx or a refused connection transient: nothing can have been posted', async () => {
    mock.enqueue({ kind: 'server-error', status: 503 });
    const unavailable = await executeWebhook(mock.webhookUrl, payload, 2_000);
    const closed = await startMockDiscord();
    await closed.close();
    const refused = await executeWebhook(closed.webhookUrl, payload, 2_000);

    expect(unavailable).toEqual({ kind: 'transient', reason: 'discord answered 503' });
    expect(refused.kind).toBe('transient');
  });

  it('calls a timeout or a cut connection after sending ambiguous, without naming the URL', async () => {
    mock.enqueue({ kind: 'slow', delayMs: 1_000 });
    const slow = await executeWebhook(mock.webhookUrl, payload, 200);
    mock.enqueue({ kind: 'drop' });
    const dropped = await executeWebhook(mock.webhookUrl, payload, 2_000);

    expect(slow.kind).toBe('ambiguous');
    expect(dropped.kind).toBe('ambiguous');
    expect(JSON.stringify([slow, dropped])).not.toContain('mock-token');
  });
});
