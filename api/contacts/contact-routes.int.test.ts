import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../db/schema';
import { parseEvent } from '../../events/registry';
import { useTestDatabase } from '../../test/support/db';
import { createTestApi, outboxRowsFor, postJson, readJson } from '../testing/test-api';

const { db } = useTestDatabase();

const validContact = () => ({
  name: `Ada ${randomUUID()}`,
  email: 'ada@example.com',
  phone: '+41 (0)44-668.18 00',
  companyName: 'Analytical Engines',
  message: 'Please call me about a machine for our office.',
});

describe('POST /contacts', () => {
  it('commits the contact and its contact.created event together and answers 201', async () => {
    const { app } = createTestApi(db);

    const res = await postJson(app, '/contacts', validContact());

    expect(res.status).toBe(201);
    const body = await readJson(res);
    expect(res.headers.get('location')).toBe(`/contacts/${body.id}`);
    expect(body).toMatchObject({ phone: '+410446681800', leadScore: null });
    const [row] = await db.select().from(contacts).where(eq(contacts.id, body.id));
    expect(row?.phone).toBe('+410446681800');
    const events = await outboxRowsFor(db, body.id);
    expect(events).toHaveLength(1);
    const event = parseEvent(events[0]?.payload);
    expect(event).toMatchObject({ type: 'contact.created', id: events[0]?.id });
    expect(events[0]).toMatchObject({ aggregatetype: 'contact', type: 'contact.created' });
  });

  it('keeps leading zeros of a phone number', async () => {
    const { app } = createTestApi(db);

    const res = await postJson(app, '/contacts', { ...validContact(), phone: '0044 20 7946 0958' });

    expect(res.status).toBe(201);
    expect((await readJson(res)).phone).toBe('00442079460958');
  });

  it('rejects a phone number sent as a JSON number, naming the field', async () => {
    const { app, rowsWithIssuedIds } = createTestApi(db);

    const res = await postJson(app, '/contacts', { ...validContact(), phone: 41446681800 });

    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await readJson(res)).errors).toEqual([{ path: 'phone', message: expect.any(String) }]);
    expect(await rowsWithIssuedIds()).toBe(0);
  });

  it('lists every bad field at once', async () => {
    const { app, rowsWithIssuedIds } = createTestApi(db);

    const res = await postJson(app, '/contacts', {
      name: '',
      email: 'not-an-email',
      phone: '12',
      companyName: 'x'.repeat(201),
      message: 'm'.repeat(5001),
      extra: true,
    });

    expect(res.status).toBe(422);
    const body = await readJson(res);
    expect(body).toMatchObject({ status: 422, type: 'urn:sipeat:problem:validation-failed' });
    const paths = body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['companyName', 'email', 'extra', 'message', 'name', 'phone']);
    expect(await rowsWithIssuedIds()).toBe(0);
  });

  it.each([
    ['a NUL byte', 'name', 'Ada\u0000Lovelace'],
    ['a lone high surrogate', 'message', 'hello \ud800 world'],
    ['a lone low surrogate', 'companyName', '\udc00 Ltd'],
  ])(
    'rejects text Postgres cannot store (%s) with a 422 naming the field',
    async (_, field, value) => {
      const { app, rowsWithIssuedIds } = createTestApi(db);

      const res = await postJson(app, '/contacts', { ...validContact(), [field]: value });

      expect(res.status).toBe(422);
      expect((await readJson(res)).errors.map((e: { path: string }) => e.path)).toEqual([field]);
      expect(await rowsWithIssuedIds()).toBe(0);
    },
  );

  it('accepts well-formed astral characters (surrogate pairs)', async () => {
    const { app } = createTestApi(db);

    const res = await postJson(app, '/contacts', { ...validContact(), message: 'coffee ☕ 🍵' });

    expect(res.status).toBe(201);
  });
});

describe('GET /contacts/:id', () => {
  it('returns the stored contact', async () => {
    const { app } = createTestApi(db);
    const created = await readJson(await postJson(app, '/contacts', validContact()));

    const res = await app.request(`/contacts/${created.id}`);

    expect(res.status).toBe(200);
    expect(await readJson(res)).toEqual(created);
  });

  it.each([randomUUID(), 'not-a-uuid'])('answers 404 problem+json for %s', async (id) => {
    const { app } = createTestApi(db);

    const res = await app.request(`/contacts/${id}`);

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});
