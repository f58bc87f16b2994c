import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drinkRequests, inbox, machineInventory, notifications, payments } from '../../db/schema';
import { buildEvent } from '../../events/registry';
import { createLogger } from '../../lib/logger';
import { useTestDatabase } from '../../test/support/db';
import { testKafka } from '../../test/support/kafka';
import { targetedFaults } from '../adapters/fault-injector';
import { waitFor } from '../../test/support/eventually';
import { startInProcessWorkers } from '../testing/in-process-workers';
import { seedMachine, seedRequest } from '../testing/seed';
import { createTestTopics } from '../testing/test-topics';

const { db } = useTestDatabase();
const faults = targetedFaults();
let topics: Awaited<ReturnType<typeof createTestTopics>>;
let workers: Awaited<ReturnType<typeof startInProcessWorkers>>;

beforeAll(async () => {
  topics = await createTestTopics(testKafka());
  workers = await startInProcessWorkers({ db, ...topics, faults });
});
afterAll(async () => {
  await workers?.stop();
  await topics?.close();
});

async function settled(requestId: string) {
  return waitFor(`request ${requestId} to settle`, async () => {
    const [row] = await db.select().from(drinkRequests).where(eq(drinkRequests.id, requestId));
    return row && row.status !== 'pending' ? row : undefined;
  });
}

async function stockOf(machineId: string, drinkId: string) {
  const [row] = await db
    .select({ stock: machineInventory.stock })
    .from(machineInventory)
    .where(and(eq(machineInventory.machineId, machineId), eq(machineInventory.drinkId, drinkId)));
  return row?.stock;
}

async function paymentOf(requestId: string) {
  const [row] = await db.select().from(payments).where(eq(payments.idempotencyKey, requestId));
  return row;
}

async function notificationKinds(eventId: string) {
  const rows = await db.select().from(notifications).where(eq(notifications.eventId, eventId));
  return rows.map((r) => r.message.kind);
}

describe('request chain', () => {
  it('completes: reserves one unit, charges the catalogue price, announces it', async () => {
    const machine = await seedMachine(db, { stock: { 'matcha-latte': 2 } });
    const request = await seedRequest(db, { machineId: machine.id, drinkId: 'matcha-latte' });

    await topics.sendEvent('request', request.id, request.event);
    const row = await settled(request.id);

    expect(row.status).toBe('completed');
    expect(row.priceChargedCents).toBe(420);
    expect(await stockOf(machine.id, 'matcha-latte')).toBe(1);
    expect(await paymentOf(request.id)).toMatchObject({ status: 'charged', amountCents: 420 });
    expect(await notificationKinds(request.event.id)).toEqual(['request.completed']);
  });

  it('rejects when the drink is out of stock, charging nothing', async () => {
    const machine = await seedMachine(db, { stock: { espresso: 0 } });
    const request = await seedRequest(db, { machineId: machine.id, drinkId: 'espresso' });

    await topics.sendEvent('request', request.id, request.event);
    const row = await settled(request.id);

    expect(row).toMatchObject({ status: 'rejected', priceChargedCents: null });
    expect(row.reason).toMatch(/sold out/);
    expect(await stockOf(machine.id, 'espresso')).toBe(0);
    expect(await paymentOf(request.id)).toBeUndefined();
    expect(await notificationKinds(request.event.id)).toEqual(['request.rejected']);
  });

  it('rejects when the machine is not active', async () => {
    const machine = await seedMachine(db, { status: 'failed', stock: { espresso: 5 } });
    const request = await seedRequest(db, { machineId: machine.id, drinkId: 'espresso' });

    await topics.sendEvent('request', request.id, request.event);
    const row = await settled(request.id);

    expect(row.status).toBe('rejected');
    expect(row.reason).toMatch(/not in service/);
    expect(await stockOf(machine.id, 'espresso')).toBe(5);
    expect(await paymentOf(request.id)).toBeUndefined();
  });

  it('rejects a declined payment and releases the reserved unit', async () => {
    const machine = await seedMachine(db, { stock: { latte: 3 } });
    const request = await seedRequest(db, { machineId: machine.id, drinkId: 'latte' });
    faults.fail('payment', request.id);

    await topics.sendEvent('request', request.id, request.event);
    const row = await settled(request.id);

    expect(row.status).toBe('rejected');
    expect(row.reason).toMatch(/declined/);
    expect(await stockOf(machine.id, 'latte')).toBe(3);
    expect(await paymentOf(request.id)).toMatchObject({ status: 'declined' });
  });

  it('fails a dispensing error, refunding the payment and restoring stock', async () => {
    const machine = await seedMachine(db, { stock: { 'cold-brew': 1 } });
    const request = await seedRequest(db, { machineId: machine.id, drinkId: 'cold-brew' });
    faults.fail('dispense', machine.id);

    await topics.sendEvent('request', request.id, request.event);
    const row = await settled(request.id);

    expect(row).toMatchObject({ status: 'failed', priceChargedCents: null });
    expect(row.reason).toMatch(/refunded/);
    expect(await stockOf(machine.id, 'cold-brew')).toBe(1);
    const payment = await paymentOf(request.id);
    expect(payment).toMatchObject({ status: 'refunded', amountCents: 450 });
    expect(payment?.refundedAt).not.toBeNull();
    expect(await notificationKinds(request.event.id)).toEqual(['request.failed']);
  });

  it('settles an outside timeout that outlasts every retry as failed, compensated', async () => {
    const machine = await seedMachine(db, { stock: { espresso: 2 } });
    const request = await seedRequest(db, { machineId: machine.id, drinkId: 'espresso' });
    faults.fail('dispense', machine.id, { kind: 'timeout' });

    await topics.sendEvent('request', request.id, request.event);
    const row = await settled(request.id);

    expect(row.status).toBe('failed');
    expect(await stockOf(machine.id, 'espresso')).toBe(2);
    expect(await paymentOf(request.id)).toMatchObject({ status: 'refunded' });
  });

  it('retries an event that outran its request row instead of dead-lettering it', async () => {
    // Postgres can stream a commit a moment before other sessions see it. Here the moment is
    // stretched: the row stays uncommitted until a worker has failed to find it at least once.
    const warnings: string[] = [];
    const own = await createTestTopics(testKafka());
    const racing = await startInProcessWorkers({
      db,
      ...own,
      logger: createLogger({
        name: 'race-test',
        level: 'warn',
        destination: { write: (line) => warnings.push(line) },
      }),
      retry: { maxAttempts: 100, baseDelayMs: 20, maxDelayMs: 100 },
    });
    try {
      const machine = await seedMachine(db, { stock: { espresso: 1 } });
      const id = randomUUID();
      const data = { customerName: 'Early Bird', drinkId: 'espresso', machineId: machine.id };
      const event = buildEvent('request.created', id, { requestId: id, ...data }).payload;

      await db.transaction(async (tx) => {
        await tx.insert(drinkRequests).values({ id, ...data });
        await own.sendEvent('request', id, event);
        await waitFor('an attempt that could not see the request', async () =>
          warnings.some((line) => line.includes(`request ${id} is not visible`)),
        );
      });

      expect((await settled(id)).status).toBe('completed');
      expect(await stockOf(machine.id, 'espresso')).toBe(0);
    } finally {
      await racing.stop();
      await own.close();
    }
  });

  it('applies the same event delivered twice only once', async () => {
    const machine = await seedMachine(db, { stock: { cappuccino: 5 } });
    const request = await seedRequest(db, { machineId: machine.id, drinkId: 'cappuccino' });

    await topics.sendEvent('request', request.id, request.event);
    await topics.sendEvent('request', request.id, request.event);
    // A later event on the same key (same partition) proves both copies were consumed.
    const marker = await seedRequest(db, { machineId: machine.id, drinkId: 'cappuccino' });
    await topics.sendEvent('request', request.id, marker.event);
    await settled(marker.id);

    expect((await settled(request.id)).status).toBe('completed');
    expect(await stockOf(machine.id, 'cappuccino')).toBe(3);
    expect(await notificationKinds(request.event.id)).toEqual(['request.completed']);
    const inboxRows = await db.select().from(inbox).where(eq(inbox.eventId, request.event.id));
    expect(inboxRows).toHaveLength(1);
  });
});
