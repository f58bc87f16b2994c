import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { drinkRequests, outbox } from '../../db/schema';
import { useTestDatabase } from '../../test/support/db';
import {
  createTestApi,
  postJson,
  seedActiveMachine,
  testAdminToken,
  readJson,
} from '../testing/test-api';

const { db } = useTestDatabase(12);

async function snapshot(res: Response) {
  return { status: res.status, location: res.headers.get('location'), body: await res.text() };
}

describe('Idempotency-Key', () => {
  it('gives 10 concurrent identical POSTs one entity, one event and 10 identical answers', async () => {
    const { app } = createTestApi(db);
    const machineId = await seedActiveMachine(db);
    const key = randomUUID();
    const body = { customerName: `Ada ${key}`, drinkId: 'espresso', machineId };

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        postJson(app, '/requests', body, { 'idempotency-key': key }).then(snapshot),
      ),
    );

    expect(answers[0]?.status).toBe(201);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    const rows = await db
      .select()
      .from(drinkRequests)
      .where(eq(drinkRequests.customerName, body.customerName));
    expect(rows).toHaveLength(1);
    const events = await db.select().from(outbox).where(eq(outbox.aggregateid, rows[0]!.id));
    expect(events).toHaveLength(1);
  });

  it('replays the original answer to a later retry, marked as a replay', async () => {
    const { app } = createTestApi(db);
    const key = randomUUID();
    const body = { name: 'Ada', email: 'ada@example.com', phone: '+44 20 1234', message: 'hi' };

    const first = await postJson(app, '/contacts', body, { 'idempotency-key': key });
    const retry = await postJson(app, '/contacts', body, { 'idempotency-key': key });

    expect(await snapshot(retry)).toEqual(await snapshot(first));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
  });

  it('rejects the same key with a different body, writing nothing', async () => {
    const { app, rowsWithIssuedIds, issuedIds } = createTestApi(db);
    const machineId = await seedActiveMachine(db);
    const key = randomUUID();
    await postJson(
      app,
      '/requests',
      { customerName: 'Ada', drinkId: 'espresso', machineId },
      {
        'idempotency-key': key,
      },
    );
    const firstIds = issuedIds.splice(0);

    const res = await postJson(
      app,
      '/requests',
      { customerName: 'Someone else', drinkId: 'espresso', machineId },
      { 'idempotency-key': key },
    );

    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(res)).toMatchObject({
      type: 'urn:sipeat:problem:idempotency-key-reused',
      detail: expect.stringMatching(/different request body/),
    });
    expect(await rowsWithIssuedIds()).toBe(0);
    expect(firstIds).toHaveLength(2);
  });

  it('rejects a reused key even when the new body names an unknown machine', async () => {
    const { app } = createTestApi(db);
    const machineId = await seedActiveMachine(db);
    const key = randomUUID();
    await postJson(
      app,
      '/requests',
      { customerName: 'Ada', drinkId: 'espresso', machineId },
      {
        'idempotency-key': key,
      },
    );

    const res = await postJson(
      app,
      '/requests',
      { customerName: 'Ada', drinkId: 'espresso', machineId: randomUUID() },
      { 'idempotency-key': key },
    );

    expect((await readJson(res)).type).toBe('urn:sipeat:problem:idempotency-key-reused');
  });

  it('scopes keys per route: one key may create a machine and a contact', async () => {
    const { app } = createTestApi(db);
    const key = randomUUID();

    const machine = await postJson(
      app,
      '/machines',
      { name: 'Lobby', country: 'CH', city: 'Basel' },
      { 'idempotency-key': key, authorization: `Bearer ${testAdminToken}` },
    );
    const contact = await postJson(
      app,
      '/contacts',
      { name: 'Ada', email: 'ada@example.com', phone: '0041 61 123', message: 'hi' },
      { 'idempotency-key': key },
    );

    expect([machine.status, contact.status]).toEqual([201, 201]);
  });
});
