import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { drinkRequests, machines, outbox } from '../../db/schema';
import { parseEvent } from '../../events/registry';
import { useTestDatabase } from '../../test/support/db';
import {
  createTestApi,
  outboxRowsFor,
  postJson,
  seedActiveMachine,
  readJson,
} from '../testing/test-api';

const { db } = useTestDatabase(10);

describe('POST /requests', () => {
  it('commits a pending request and its request.created event in one statement', async () => {
    const { app } = createTestApi(db);
    const machineId = await seedActiveMachine(db);

    const res = await postJson(app, '/requests', {
      customerName: 'Grace',
      drinkId: 'espresso',
      machineId,
    });

    expect(res.status).toBe(201);
    const body = await readJson(res);
    expect(res.headers.get('location')).toBe(`/requests/${body.id}`);
    expect(body).toMatchObject({ status: 'pending', reason: null, priceChargedCents: null });
    const events = await outboxRowsFor(db, body.id);
    expect(events).toHaveLength(1);
    expect(parseEvent(events[0]?.payload)).toMatchObject({
      type: 'request.created',
      data: { requestId: body.id, customerName: 'Grace', drinkId: 'espresso', machineId },
    });
  });

  it('accepts a request for a machine that is not active yet; the worker decides', async () => {
    const { app } = createTestApi(db);
    const machineId = randomUUID();
    await db.insert(machines).values({ id: machineId, name: 'new', country: 'CH', city: 'Bern' });

    const res = await postJson(app, '/requests', {
      customerName: 'Ada',
      drinkId: 'latte',
      machineId,
    });

    expect(res.status).toBe(201);
  });

  it('turns 200 parallel requests into 200 rows and 200 valid events with unique ids', async () => {
    const { app } = createTestApi(db);
    const machineId = await seedActiveMachine(db);

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postJson(app, '/requests', {
          customerName: `customer ${i}`,
          drinkId: 'espresso',
          machineId,
        }),
      ),
    );

    expect(responses.map((r) => r.status)).toEqual(Array(200).fill(201));
    const ids = await Promise.all(responses.map(async (r) => (await readJson(r)).id as string));
    const rows = await db.select().from(drinkRequests).where(inArray(drinkRequests.id, ids));
    expect(rows).toHaveLength(200);
    const events = await db.select().from(outbox).where(inArray(outbox.aggregateid, ids));
    expect(events).toHaveLength(200);
    expect(new Set(events.map((e) => e.id)).size).toBe(200);
    for (const event of events) {
      const parsed = parseEvent(event.payload);
      expect(parsed.id).toBe(event.id);
      expect(parsed.type).toBe(event.type);
    }
  });
});

describe('GET /requests/:id', () => {
  it('shows the status and the reason a customer can read', async () => {
    const { app } = createTestApi(db);
    const machineId = await seedActiveMachine(db);
    const created = await readJson(
      await postJson(app, '/requests', { customerName: 'Ada', drinkId: 'espresso', machineId }),
    );
    await db
      .update(drinkRequests)
      .set({ status: 'rejected', reason: 'This machine has run out of Espresso.' })
      .where(eq(drinkRequests.id, created.id));

    const res = await app.request(`/requests/${created.id}`);

    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({
      id: created.id,
      status: 'rejected',
      reason: 'This machine has run out of Espresso.',
    });
  });
});
