import { describe, expect, it } from 'vitest';
import { parseEvent } from '../../events/registry';
import { useTestDatabase } from '../../test/support/db';
import {
  createTestApi,
  outboxRowsFor,
  postJson,
  testAdminToken,
  readJson,
} from '../testing/test-api';

const { db } = useTestDatabase();
const admin = { authorization: `Bearer ${testAdminToken}` };
const machine = { name: 'Station hall', country: 'CH', city: 'Zurich', street: 'Bahnhofplatz 1' };

describe('POST /machines', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-wrong-token' }],
    ['a prefix of the token', { authorization: `Bearer ${testAdminToken.slice(0, -1)}` }],
    ['another scheme', { authorization: `Basic ${testAdminToken}` }],
  ])('answers 401 with %s and writes nothing', async (_, headers) => {
    const { app, rowsWithIssuedIds } = createTestApi(db);

    const res = await postJson(app, '/machines', machine, headers);

    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await rowsWithIssuedIds()).toBe(0);
  });

  it('creates a provisioning machine and its machine.created event for the admin', async () => {
    const { app } = createTestApi(db);

    const res = await postJson(app, '/machines', machine, admin);

    expect(res.status).toBe(201);
    const body = await readJson(res);
    expect(body).toMatchObject({ ...machine, status: 'provisioning', failureReason: null });
    expect(res.headers.get('location')).toBe(`/machines/${body.id}`);
    const events = await outboxRowsFor(db, body.id);
    expect(events.map((e) => parseEvent(e.payload).type)).toEqual(['machine.created']);
    expect(await readJson(await app.request(`/machines/${body.id}`))).toEqual(body);
  });
});

describe('GET /machines', () => {
  it('pages through machines with a cursor, visiting each once', async () => {
    const { app } = createTestApi(db);
    const created = new Set<string>();
    for (let i = 0; i < 3; i++) {
      created.add((await readJson(await postJson(app, '/machines', machine, admin))).id);
    }

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=50&cursor=${cursor}` : '?limit=50';
      const res = await app.request(`/machines${query}`);
      expect(res.status).toBe(200);
      const page = (await readJson(res)) as { items: { id: string }[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(50);
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor;
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    for (const id of created) expect(seen).toContain(id);
  });

  it('answers 422 to a bad limit or cursor', async () => {
    const { app } = createTestApi(db);

    const res = await app.request('/machines?limit=0&cursor=nope');

    expect(res.status).toBe(422);
    const paths = (await readJson(res)).errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['cursor', 'limit']);
  });
});

describe('GET /drinks', () => {
  it('lists the catalogue with integer-cent prices', async () => {
    const { app } = createTestApi(db);

    const body = await readJson(await app.request('/drinks'));

    expect(body.items).toContainEqual({
      id: 'espresso',
      name: 'Espresso',
      priceCents: 180,
      premium: false,
    });
  });
});
