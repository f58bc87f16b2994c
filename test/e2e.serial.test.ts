import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app';
import { startServer, type RunningServer } from '../api/server';
import { aggregateTypes, topicFor } from '../events/envelope';
import { createLogger } from '../lib/logger';
import { startMockDiscord, type MockDiscord } from '../workers/discord/mock-discord';
import type { Embed } from '../workers/discord/render';
import { spawnWorker } from '../workers/testing/worker-process';
import { useTestDatabase } from './support/db';
import { waitForValue } from './support/eventually';
import { testEnv } from './support/env';
import { testKafka } from './support/kafka';

/**
 * The whole system through its front door: HTTP into the API, Debezium from the outbox into the
 * real topics, workers, dispatcher, and the mock Discord. The workers use a group of their own,
 * started at the topics' current end, so events of earlier tests are not replayed here.
 */
describe('SipEat end to end', () => {
  const database = useTestDatabase();
  const groupPrefix = `e2e-${randomUUID().slice(0, 8)}`;
  const adminToken = randomBytes(24).toString('hex');
  let api: RunningServer;
  let mock: MockDiscord;
  let dispatcher: ChildProcess;
  let stopWorker: () => Promise<unknown>;

  async function startGroupsAtTopicEnd(): Promise<void> {
    const admin = testKafka().admin();
    await admin.connect();
    for (const type of aggregateTypes) {
      const topic = topicFor(type);
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId: `${groupPrefix}-${type}-processor`,
        topic,
        partitions: ends.map(({ partition, offset }) => ({ partition, offset })),
      });
    }
    await admin.disconnect();
  }

  beforeAll(async () => {
    mock = await startMockDiscord({ rateLimit: { limit: 1000, windowMs: 1000 } });
    await startGroupsAtTopicEnd();
    const worker = await spawnWorker({ topicPrefix: 'sipeat', groupPrefix });
    stopWorker = () => worker.stop();
    dispatcher = spawn(process.execPath, ['--import', 'tsx', 'workers/discord/main.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: testEnv.databaseUrl,
        DISCORD_WEBHOOK_URL: mock.webhookUrl,
        DISCORD_ALLOW_LOCAL_WEBHOOK: '1',
        DISPATCHER_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const logger = createLogger({ name: 'e2e-api', level: 'silent' });
    api = await startServer(createApp({ db: database.db, logger, adminToken }), {
      host: '127.0.0.1',
      port: 0,
    });
  });

  afterAll(async () => {
    await api?.close(1000);
    dispatcher?.kill('SIGTERM');
    await stopWorker?.();
    await mock?.close();
  });

  async function post(route: string, body: unknown, auth = false) {
    const response = await fetch(`http://127.0.0.1:${api.port}${route}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(auth ? { authorization: `Bearer ${adminToken}` } : {}),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string };
  }

  const one = async (sql: string, params: unknown[]) =>
    (await database.pool.query(sql, params)).rows[0];
  const eventIdOf = async (entityId: string) =>
    (await one('select id from outbox where aggregateid = $1', [entityId])).id as string;
  /** The embeds the mock received for one event (the footer names the event id). */
  const embedsFor = (eventId: string) =>
    mock.received
      .flatMap((m) => (m.payload as { embeds: Embed[] }).embeds)
      .filter((embed) => embed.footer.text.includes(eventId));

  it('takes a machine, a contact and drink requests from HTTP to their final state and to Discord', async () => {
    // 1. Two machines: one where we may operate, one in a restricted area.
    const zurich = await post(
      '/machines',
      { name: 'E2E Zürich', country: 'Switzerland', city: 'Zürich' },
      true,
    );
    const restricted = await post(
      '/machines',
      { name: 'E2E Casino', country: 'Monaco', city: 'Monte Carlo' },
      true,
    );
    const machineState = (id: string) =>
      one('select status, failure_reason as reason from machines where id = $1', [id]);
    await waitForValue(
      () => machineState(zurich.id),
      (m) => m.status === 'active',
    );
    const failed = await waitForValue(
      () => machineState(restricted.id),
      (m) => m.status === 'failed',
    );
    expect(failed.reason).toMatch(/Monte Carlo/);
    const stock = await one(
      'select stock from machine_inventory where machine_id = $1 and drink_id = $2',
      [zurich.id, 'espresso'],
    );

    // 2. A contact: scored by the CRM strategy, announced to sales with masked details.
    const contact = await post('/contacts', {
      name: 'Grace Hopper',
      email: 'grace@navy.example',
      phone: '+1 202 555 0142',
      companyName: 'US Navy',
      message: 'Urgent: we need machines for three buildings.',
    });
    const scored = await waitForValue(
      () => one('select lead_score from contacts where id = $1', [contact.id]),
      (c) => c.lead_score !== null,
    );
    expect(scored.lead_score).toBeGreaterThan(0);

    // 3. Requests: one served, one at the machine that never went into service.
    const served = await post('/requests', {
      customerName: 'Ada',
      drinkId: 'espresso',
      machineId: zurich.id,
    });
    const refused = await post('/requests', {
      customerName: 'Bob',
      drinkId: 'espresso',
      machineId: restricted.id,
    });
    const requestState = (id: string) =>
      one('select status, reason, price_charged_cents as price from drink_requests where id = $1', [
        id,
      ]);
    const done = await waitForValue(
      () => requestState(served.id),
      (r) => r.status !== 'pending',
    );
    expect(done).toMatchObject({ status: 'completed', price: 180 });
    const rejected = await waitForValue(
      () => requestState(refused.id),
      (r) => r.status !== 'pending',
    );
    expect(rejected.status).toBe('rejected');
    expect(rejected.reason).toMatch(/not in service/);
    const after = await one(
      'select stock from machine_inventory where machine_id = $1 and drink_id = $2',
      [zurich.id, 'espresso'],
    );
    expect(after.stock).toBe(stock.stock - 1);

    // 4. Each event was applied once by the workers' group, and every outcome reached Discord.
    const entities = [zurich.id, restricted.id, contact.id, served.id, refused.id];
    for (const entityId of entities) {
      const eventId = await eventIdOf(entityId);
      const inbox = await database.pool.query(
        'select 1 from inbox where event_id = $1 and consumer_group like $2',
        [eventId, `${groupPrefix}-%`],
      );
      expect(inbox.rowCount).toBe(1);
      await waitForValue(
        async () => embedsFor(eventId),
        (embeds) => embeds.length > 0,
      );
    }
    const contactEmbeds = embedsFor(await eventIdOf(contact.id));
    const salesAlert = contactEmbeds.find((e) => e.title.includes('sales'));
    expect(salesAlert?.fields.find((f) => f.name === 'Email')?.value).toBe('g***@navy.example');
    expect(JSON.stringify(mock.received)).not.toContain('grace@navy.example');
    expect(embedsFor(await eventIdOf(refused.id))[0]?.title).toMatch(/rejected/i);
  }, 180_000);
});
