import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drinkRequests } from '../../db/schema';
import { useTestDatabase } from '../../test/support/db';
import { testKafka, watchTopic } from '../../test/support/kafka';
import { waitFor } from '../../test/support/eventually';
import { startInProcessWorkers } from '../testing/in-process-workers';
import { seedMachine, seedRequest } from '../testing/seed';
import { createTestTopics } from '../testing/test-topics';

const { db } = useTestDatabase();
let topics: Awaited<ReturnType<typeof createTestTopics>>;
let workers: Awaited<ReturnType<typeof startInProcessWorkers>>;
let dlq: Awaited<ReturnType<typeof watchTopic>>;

beforeAll(async () => {
  topics = await createTestTopics(testKafka());
  // watchTopic's first offset lookup on a brand-new topic can meet "not the leader"; retry it.
  dlq = await waitFor('a dead-letter watcher', () =>
    watchTopic(`${topics.topic('request')}.dlq`).catch(() => undefined),
  );
  workers = await startInProcessWorkers({ db, ...topics });
});
afterAll(async () => {
  await dlq?.stop();
  await workers?.stop();
  await topics?.close();
});

async function expectNextProcessed(key: string) {
  const machine = await seedMachine(db, { stock: { espresso: 1 } });
  const request = await seedRequest(db, { machineId: machine.id, drinkId: 'espresso' });
  await topics.sendEvent('request', key, request.event);
  await waitFor('the next event on the partition', async () => {
    const [row] = await db.select().from(drinkRequests).where(eq(drinkRequests.id, request.id));
    return row?.status === 'completed';
  });
}

describe('dead letters', () => {
  it.each([
    ['malformed JSON', '{not json', 'malformed_json'],
    ['a null value', null, 'empty_value'],
    [
      'an unknown event type',
      JSON.stringify({ id: randomUUID(), type: 'request.teleported', version: 1, data: {} }),
      'unknown_event_type',
    ],
  ])('dead-letters %s and moves on to the next record', async (_name, value, code) => {
    const key = randomUUID();
    const eventId = randomUUID();
    await topics.sendRaw('request', { key, value, headers: { id: eventId } });

    const [letter] = await dlq.waitFor((m) => m.key === key, 1);
    expect(letter?.headers).toMatchObject({
      'dlq-original-topic': topics.topic('request'),
      'dlq-attempts': '0',
      'dlq-event-id': eventId,
    });
    expect(letter?.headers['dlq-error']).toMatch(new RegExp(`^${code}: `));
    expect(letter?.headers['dlq-original-offset']).toMatch(/^\d+$/);
    expect(letter?.value).toBe(value);
    await expectNextProcessed(key);
  });
});
