import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contacts,
  drinkRequests,
  inbox,
  machineInventory,
  machines,
  notifications,
} from '../../db/schema';
import { useTestDatabase } from '../../test/support/db';
import { testKafka } from '../../test/support/kafka';
import { waitFor } from '../../test/support/eventually';
import { seedContact, seedMachine, seedRequest } from '../testing/seed';
import { createTestTopics } from '../testing/test-topics';
import { spawnWorker } from '../testing/worker-process';

const { db } = useTestDatabase();
const kafka = testKafka();
const spawned: Awaited<ReturnType<typeof spawnWorker>>[] = [];

afterAll(async () => {
  await Promise.all(spawned.map((w) => w.stop('SIGKILL')));
});

async function worker(options: Parameters<typeof spawnWorker>[0]) {
  const w = await spawnWorker(options);
  spawned.push(w);
  return w;
}

async function requestStatus(id: string) {
  const [row] = await db
    .select({ status: drinkRequests.status })
    .from(drinkRequests)
    .where(eq(drinkRequests.id, id));
  return row?.status;
}

describe('worker process', () => {
  it('picks up the first events of all three types on topics that were empty at start', async () => {
    const topics = await createTestTopics(kafka);
    await worker(topics);

    const machine = await seedMachine(db, { status: 'provisioning' });
    const active = await seedMachine(db, { stock: { espresso: 1 } });
    const request = await seedRequest(db, { machineId: active.id, drinkId: 'espresso' });
    const contact = await seedContact(db);
    await topics.sendEvent('machine', machine.id, machine.event);
    await topics.sendEvent('request', request.id, request.event);
    await topics.sendEvent('contact', contact.id, contact.event);

    await waitFor('all three handled', async () => {
      const [m] = await db.select().from(machines).where(eq(machines.id, machine.id));
      const [c] = await db.select().from(contacts).where(eq(contacts.id, contact.id));
      return (
        m?.status === 'active' &&
        (await requestStatus(request.id)) === 'completed' &&
        c?.leadScore !== null
      );
    });
    await topics.close();
  });

  it('applies nothing twice when killed after the commit and before the offset commit', async () => {
    const topics = await createTestTopics(kafka);
    const machine = await seedMachine(db, { stock: { latte: 5 } });
    const first = await seedRequest(db, { machineId: machine.id, drinkId: 'latte' });
    const second = await seedRequest(db, { machineId: machine.id, drinkId: 'latte' });

    // 1. The worker commits the first event's transaction, then dies before committing its offset.
    const doomed = await worker({
      ...topics,
      groups: 'request',
      env: { WORKER_CRASH_AFTER_COMMIT: first.event.id },
    });
    await topics.sendEvent('request', machine.id, first.event);
    expect((await doomed.exited).signal).toBe('SIGKILL');
    expect(await requestStatus(first.id)).toBe('completed');

    // 2. A restarted worker gets the first event again (offset never committed) and the second.
    const restarted = await worker({ ...topics, groups: 'request' });
    await topics.sendEvent('request', machine.id, second.event);
    await waitFor(
      'second request settled',
      async () => (await requestStatus(second.id)) === 'completed',
    );
    expect(restarted.eventsWith('duplicate')).toEqual([first.event.id]);

    // 3. The redelivery was recognised: one unit per request, one notification per event.
    const [stock] = await db
      .select({ stock: machineInventory.stock })
      .from(machineInventory)
      .where(eq(machineInventory.machineId, machine.id));
    expect(stock?.stock).toBe(3);
    const notes = await db
      .select()
      .from(notifications)
      .where(eq(notifications.eventId, first.event.id));
    expect(notes).toHaveLength(1);
    await topics.close();
  });

  it('splits the partitions between two workers in one group, each event applied once', async () => {
    const topics = await createTestTopics(kafka);
    const [a, b] = [
      await worker({ ...topics, groups: 'request' }),
      await worker({ ...topics, groups: 'request' }),
    ];
    const machine = await seedMachine(db, { stock: { espresso: 30 } });
    const requests = await Promise.all(
      Array.from({ length: 24 }, () =>
        seedRequest(db, { machineId: machine.id, drinkId: 'espresso' }),
      ),
    );

    // Keyed by request id, so the events spread over all three partitions.
    for (const r of requests) await topics.sendEvent('request', r.id, r.event);
    const ids = requests.map((r) => r.id);
    await waitFor('all requests settled', async () => {
      const rows = await db.select().from(drinkRequests).where(inArray(drinkRequests.id, ids));
      return rows.every((r) => r.status === 'completed');
    });

    const eventIds = requests.map((r) => r.event.id);
    const inboxRows = await db.select().from(inbox).where(inArray(inbox.eventId, eventIds));
    expect(inboxRows).toHaveLength(24);
    expect(new Set(inboxRows.map((r) => r.partition)).size).toBe(3);
    const appliedByA = a.eventsWith('applied');
    const appliedByB = b.eventsWith('applied');
    expect(appliedByA.length).toBeGreaterThan(0);
    expect(appliedByB.length).toBeGreaterThan(0);
    expect([...appliedByA, ...appliedByB].sort()).toEqual([...eventIds].sort());
    await topics.close();
  });
});
