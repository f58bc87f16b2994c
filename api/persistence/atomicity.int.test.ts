import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, drinkRequests, machines, outbox } from '../../db/schema';
import { useTestDatabase } from '../../test/support/db';
import {
  createTestApi,
  postJson,
  seedActiveMachine,
  testAdminToken,
  readJson,
} from '../testing/test-api';

const { db } = useTestDatabase();

/**
 * The failure is injected after the entity insert: the event id handed out for the outbox row
 * already belongs to another outbox row, so inserting it fails inside the same statement that
 * just inserted the entity. Ids are handed out entity first, then event (see createApp).
 */
async function existingEventId(): Promise<string> {
  const id = randomUUID();
  await db.insert(outbox).values({
    id,
    aggregatetype: 'test',
    aggregateid: id,
    type: 'test.collision',
    payload: {},
  });
  return id;
}

/** Hands out fresh ids, except that the second one (the first event id) collides. */
function idsThenCollision(collidingEventId: string) {
  const issued: string[] = [];
  const newId = () => {
    const id = issued.length === 1 ? collidingEventId : randomUUID();
    issued.push(id);
    return id;
  };
  return { newId, issued };
}

describe('entity and event commit together', () => {
  it('leaves no drink request when its outbox insert fails', async () => {
    const ids = idsThenCollision(await existingEventId());
    const { app } = createTestApi(db, { newId: ids.newId });
    const machineId = await seedActiveMachine(db);

    const res = await postJson(app, '/requests', {
      customerName: 'Ada',
      drinkId: 'espresso',
      machineId,
    });

    // 1. the answer is an error, not a 201
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    // 2. the entity inserted before the failure was rolled back with it
    expect(await db.$count(drinkRequests, inArray(drinkRequests.id, ids.issued.slice(0, 1)))).toBe(
      0,
    );
    expect(await db.$count(outbox, inArray(outbox.aggregateid, ids.issued.slice(0, 1)))).toBe(0);
  });

  it('leaves no contact when its outbox insert fails', async () => {
    const ids = idsThenCollision(await existingEventId());
    const { app } = createTestApi(db, { newId: ids.newId });

    const res = await postJson(app, '/contacts', {
      name: 'Ada',
      email: 'ada@example.com',
      phone: '+41 44 123',
      message: 'hi',
    });

    expect(res.status).toBe(409);
    expect(await db.$count(contacts, inArray(contacts.id, ids.issued.slice(0, 1)))).toBe(0);
    expect(await db.$count(outbox, inArray(outbox.aggregateid, ids.issued.slice(0, 1)))).toBe(0);
  });

  it('leaves no machine and no idempotency record when its outbox insert fails', async () => {
    const ids = idsThenCollision(await existingEventId());
    const { app } = createTestApi(db, { newId: ids.newId });
    const key = randomUUID();
    const post = () =>
      postJson(
        app,
        '/machines',
        { name: 'Lobby', country: 'CH', city: 'Basel' },
        { authorization: `Bearer ${testAdminToken}`, 'idempotency-key': key },
      );

    const failed = await post();
    const retried = await post();

    const [failedId, , retriedId] = ids.issued;
    expect(failed.status).toBe(409);
    expect(await db.$count(machines, inArray(machines.id, [failedId!]))).toBe(0);
    // The retry with the same key is written: the failed attempt stored no answer for it.
    expect(retried.status).toBe(201);
    expect((await readJson(retried)).id).toBe(retriedId);
    expect(await db.$count(machines, inArray(machines.id, [retriedId!]))).toBe(1);
  });
});
