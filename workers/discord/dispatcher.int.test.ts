import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger';
import { useTestDatabase } from '../../test/support/db';
import { eventually, waitForValue } from '../../test/support/eventually';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher';
import { startMockDiscord, type MockDiscord } from './mock-discord';
import type { WebhookPayload } from './render';
import { receivedTitles, testAggregateType, writeNotifications } from './testing/notification-rows';
import { executeWebhook } from './webhook-client';

const logger = createLogger({ name: 'dispatcher-test', level: 'silent' });

describe('Discord dispatcher', () => {
  const database = useTestDatabase();
  const { pool } = database;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(options: { rateLimit?: { limit: number; windowMs: number } } = {}) {
    const mock = await startMockDiscord({
      rateLimit: options.rateLimit ?? { limit: 1000, windowMs: 1000 },
    });
    cleanups.push(mock.close);
    return { mock, aggregateType: testAggregateType() };
  }

  function dispatcherFor(
    mock: MockDiscord,
    aggregateType: string,
    overrides: Partial<DispatcherOptions> = {},
  ): Dispatcher {
    const dispatcher = createDispatcher({
      pool,
      logger,
      send: (payload) => executeWebhook(mock.webhookUrl, payload, 2_000),
      pollIntervalMs: 100,
      retryBaseMs: 50,
      retryMaxMs: 200,
      aggregateTypes: [aggregateType],
      ...overrides,
    });
    dispatcher.start();
    cleanups.push(() => dispatcher.stop());
    return dispatcher;
  }

  async function statuses(aggregateType: string) {
    const { rows } = await pool.query(
      `select status, attempts, last_error as "lastError", discord_message_id as "messageId"
       from notifications where aggregate_type = $1 order by seq`,
      [aggregateType],
    );
    return rows as {
      status: string;
      attempts: number;
      lastError: string | null;
      messageId: string | null;
    }[];
  }

  it('delivers in write order and stores the message id Discord returns', async () => {
    const { mock, aggregateType } = await setup();
    await writeNotifications(database, aggregateType, [
      { aggregateId: 'a', title: 'one' },
      { aggregateId: 'a', title: 'two' },
      { aggregateId: 'a', title: 'three' },
    ]);
    dispatcherFor(mock, aggregateType);

    await eventually(() => mock.received.length === 3);
    expect(receivedTitles(mock.received)).toEqual(['one', 'two', 'three']);
    await eventually(async () =>
      (await statuses(aggregateType)).every((r) => r.status === 'delivered'),
    );
    expect((await statuses(aggregateType)).map((r) => r.messageId)).toEqual(
      mock.received.map((m) => m.id),
    );
  });

  it('sends nothing before retry_after has elapsed after a 429, and does not count it as an attempt', async () => {
    const { mock, aggregateType } = await setup();
    mock.enqueue({ kind: 'rate-limit', retryAfterSeconds: 1.5 });
    await writeNotifications(database, aggregateType, [
      { aggregateId: 'a', title: 'after the limit' },
    ]);
    dispatcherFor(mock, aggregateType);

    await eventually(() => mock.received.length === 1);
    const [limited, next] = mock.requests;
    expect(limited?.status).toBe(429);
    expect((next?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1500);
    // The mock has the message before the dispatcher has recorded its answer.
    const [row] = await waitForValue(
      () => statuses(aggregateType),
      (rows) => rows[0]?.status === 'delivered',
    );
    expect(row?.attempts).toBe(1);
  });

  it('pauses every send on a global 429', async () => {
    const { mock, aggregateType } = await setup();
    mock.enqueue({ kind: 'rate-limit', retryAfterSeconds: 1, global: true });
    await writeNotifications(database, aggregateType, [
      { aggregateId: 'a', title: 'first' },
      { aggregateId: 'b', title: 'other aggregate' },
      { aggregateId: 'c', title: 'third aggregate' },
    ]);
    dispatcherFor(mock, aggregateType);

    await eventually(() => mock.received.length === 3);
    const limitedAt = mock.requests[0]?.at ?? 0;
    expect(mock.requests[0]?.status).toBe(429);
    expect(mock.requests.slice(1).every((r) => r.at - limitedAt >= 1000)).toBe(true);
  });

  it('paces from X-RateLimit headers so the bucket never runs into a 429', async () => {
    const { mock, aggregateType } = await setup({ rateLimit: { limit: 3, windowMs: 1000 } });
    await writeNotifications(
      database,
      aggregateType,
      Array.from({ length: 7 }, (_, i) => ({ aggregateId: `a${i}`, title: `m${i}` })),
    );
    dispatcherFor(mock, aggregateType);

    await eventually(() => mock.received.length === 7);
    expect(mock.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(mock.peakInFlight()).toBeLessThanOrEqual(2);
  });

  it('sends rows of different aggregates side by side, as many as allowed and no more', async () => {
    const { mock, aggregateType } = await setup();
    mock.enqueue({ kind: 'slow', delayMs: 150 }, 12);
    await writeNotifications(
      database,
      aggregateType,
      Array.from({ length: 12 }, (_, i) => ({ aggregateId: `a${i}`, title: `m${i}` })),
    );
    dispatcherFor(mock, aggregateType, { maxConcurrentSends: 4 });

    await eventually(() => mock.received.length === 12);
    // The first send finds out what the bucket holds; after it, four at a time.
    expect(mock.peakInFlight()).toBe(4);
  });

  it('stops at once while several sends wait out a long 429, leaving their rows to others', async () => {
    const { mock, aggregateType } = await setup();
    await writeNotifications(
      database,
      aggregateType,
      Array.from({ length: 5 }, (_, i) => ({ aggregateId: `a${i}`, title: `m${i}` })),
    );
    // The first send learns the bucket; the four after it go out together and are all told to
    // wait a minute, far longer than this test may take.
    mock.enqueue({ kind: 'slow', delayMs: 0 }, 1);
    mock.enqueue({ kind: 'rate-limit', retryAfterSeconds: 60 }, 4);
    const dispatcher = createDispatcher({
      pool,
      logger,
      send: (payload) => executeWebhook(mock.webhookUrl, payload, 2_000),
      pollIntervalMs: 100,
      aggregateTypes: [aggregateType],
    });
    dispatcher.start();
    await eventually(() => mock.requests.filter((r) => r.status === 429).length === 4);

    await dispatcher.stop();

    const rows = await statuses(aggregateType);
    expect(rows.filter((r) => r.status === 'delivered')).toHaveLength(1);
    // Released, not left 'sending' under a lease, and no attempt spent on a rate limit.
    const released = rows.filter((r) => r.status === 'pending');
    expect(released).toHaveLength(4);
    expect(released.every((r) => r.attempts === 0)).toBe(true);
  });

  it('retries a 5xx and delivers exactly once', async () => {
    const { mock, aggregateType } = await setup();
    mock.enqueue({ kind: 'server-error', status: 502 }, 2);
    await writeNotifications(database, aggregateType, [
      { aggregateId: 'a', title: 'survives 502' },
    ]);
    dispatcherFor(mock, aggregateType);

    await eventually(async () => (await statuses(aggregateType))[0]?.status === 'delivered');
    expect(mock.received).toHaveLength(1);
    expect((await statuses(aggregateType))[0]?.attempts).toBe(3);
  });

  it('parks a payload Discord rejects (400) as dead with its error body, and later rows still flow', async () => {
    const { mock, aggregateType } = await setup();
    await writeNotifications(database, aggregateType, [
      { aggregateId: 'a', title: 'broken' },
      { aggregateId: 'a', title: 'after broken' },
      { aggregateId: 'b', title: 'other' },
    ]);
    // Simulates a renderer bug for one message: an empty field value, which Discord refuses.
    const breakOne = (payload: WebhookPayload): WebhookPayload => {
      const field = payload.embeds[0]?.fields[0];
      return field?.value === 'broken'
        ? { ...payload, embeds: [{ ...payload.embeds[0]!, fields: [{ name: 'x', value: '' }] }] }
        : payload;
    };
    dispatcherFor(mock, aggregateType, {
      send: (p) => executeWebhook(mock.webhookUrl, breakOne(p), 2_000),
    });

    // The mock has a message before the dispatcher has recorded Discord's answer: wait for the rows.
    const rows = await waitForValue(
      () => statuses(aggregateType),
      (current) => current.every((r) => r.status === 'dead' || r.status === 'delivered'),
    );
    expect(rows.map((r) => r.status)).toEqual(['dead', 'delivered', 'delivered']);
    expect(mock.received).toHaveLength(2);
    expect(rows[0]?.lastError).toContain('Invalid Form Body');
    expect(rows[0]?.lastError).toContain('embeds.0.fields.0.value');
  });

  it('stops sending while the webhook is gone, keeps rows without burning attempts, and resumes', async () => {
    const { mock, aggregateType } = await setup();
    mock.enqueue({ kind: 'gone', status: 404 });
    await writeNotifications(
      database,
      aggregateType,
      Array.from({ length: 10 }, (_, i) => ({ aggregateId: `a${i}`, title: `m${i}` })),
    );
    const dispatcher = dispatcherFor(mock, aggregateType, { goneProbeMaxMs: 1_000 });

    await eventually(() => dispatcher.health.webhook === 'gone');
    // More rows while gone must not turn into more requests (no probe on every NOTIFY).
    await writeNotifications(database, aggregateType, [{ aggregateId: 'late', title: 'late' }]);
    for (let i = 0; i < 10; i += 1) dispatcher.wake();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(mock.requests.length).toBeLessThanOrEqual(4);
    // A probe in flight holds one row as 'sending' for a moment; attempts only ever grow, so
    // seeing every row pending with none spent, once the probe is answered, proves none was.
    const whileGone = await waitForValue(
      () => statuses(aggregateType),
      (rows) => rows.every((r) => r.status === 'pending'),
      5_000,
    );
    expect(whileGone.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);

    mock.recover();
    await eventually(() => mock.received.length === 11);
    await eventually(() => dispatcher.health.webhook === 'ok');
  });

  it('sends each of 500 messages once across two dispatchers, keeping per-aggregate order', async () => {
    const { mock, aggregateType } = await setup({ rateLimit: { limit: 10_000, windowMs: 1000 } });
    const rows = Array.from({ length: 500 }, (_, i) => ({
      aggregateId: `agg-${i % 20}`,
      title: `${i % 20}:${Math.floor(i / 20)}`,
    }));
    await writeNotifications(database, aggregateType, rows);
    dispatcherFor(mock, aggregateType);
    dispatcherFor(mock, aggregateType);

    await eventually(
      async () => (await statuses(aggregateType)).every((r) => r.status === 'delivered'),
      60_000,
    );
    const titles = receivedTitles(mock.received);
    expect(titles).toHaveLength(500);
    expect(new Set(titles).size).toBe(500);
    for (let aggregate = 0; aggregate < 20; aggregate += 1) {
      const sequence = titles
        .filter((t) => t.startsWith(`${aggregate}:`))
        .map((t) => Number(t.split(':')[1]));
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
    }
  });
});
