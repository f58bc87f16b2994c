import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { createTestApi, postJson, seedActiveMachine, readJson } from '../testing/test-api';

const { db } = useTestDatabase();

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await readJson(res);
  expect(body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(typeof body.type).toBe('string');
  return body;
}

/** A body that arrives as a stream, with no Content-Length, as chunked uploads do. */
function streamOf(totalBytes: number, chunkBytes = 8192): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - sent);
      controller.enqueue(new TextEncoder().encode('x'.repeat(size)));
      sent += size;
    },
  });
}

describe('error answers', () => {
  it('answers 400 to malformed JSON and writes nothing', async () => {
    const { app, rowsWithIssuedIds } = createTestApi(db);

    const res = await postJson(app, '/requests', '{"customerName": "Ada",');

    expect((await expectProblem(res, 400)).detail).toMatch(/not valid JSON/);
    expect(await rowsWithIssuedIds()).toBe(0);
  });

  it('answers 400 to an empty JSON body instead of treating it as {}', async () => {
    const { app } = createTestApi(db);

    await expectProblem(await postJson(app, '/contacts', ''), 400);
  });

  it('answers 400 to a body that is not UTF-8', async () => {
    const { app } = createTestApi(db);

    const res = await app.request('/contacts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    });

    await expectProblem(res, 400);
  });

  it.each([
    ['no Content-Type', undefined],
    ['a form Content-Type', 'application/x-www-form-urlencoded'],
    ['text/plain', 'text/plain'],
    ['JSON in another charset', 'application/json; charset=latin1'],
  ])('answers 415 to %s, never reading it as an empty body', async (_, contentType) => {
    const { app, rowsWithIssuedIds } = createTestApi(db);
    const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};

    const res = await app.request('/contacts', {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Ada' }),
    });

    await expectProblem(res, 415);
    expect(await rowsWithIssuedIds()).toBe(0);
  });

  it('accepts application/json with a UTF-8 charset', async () => {
    const { app } = createTestApi(db);
    const machineId = await seedActiveMachine(db);

    const res = await postJson(
      app,
      '/requests',
      { customerName: 'Ada', drinkId: 'espresso', machineId },
      { 'content-type': 'application/json; charset=UTF-8' },
    );

    expect(res.status).toBe(201);
  });

  it('answers 413 when Content-Length announces more than 64 KiB', async () => {
    const { app } = createTestApi(db);

    const res = await postJson(app, '/contacts', { name: 'x'.repeat(70_000) });

    await expectProblem(res, 413);
  });

  it('answers 413 to a streamed body over 64 KiB that declares no length', async () => {
    const { app, rowsWithIssuedIds } = createTestApi(db);

    const res = await app.request('/contacts', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: streamOf(1024 * 1024),
      duplex: 'half',
    } as RequestInit);

    await expectProblem(res, 413);
    expect(await rowsWithIssuedIds()).toBe(0);
  });

  it('answers 413 when the body is larger than its Content-Length claims', async () => {
    const { app } = createTestApi(db);
    const request = new Request('http://localhost/contacts', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '20' },
      body: streamOf(200 * 1024),
      duplex: 'half',
    } as RequestInit);

    await expectProblem(await app.request(request), 413);
  });

  it('answers 422 with the field when a request names an unknown machine or drink', async () => {
    const { app, rowsWithIssuedIds } = createTestApi(db);

    const res = await postJson(app, '/requests', {
      customerName: 'Ada',
      drinkId: 'no-such-drink',
      machineId: randomUUID(),
    });

    const body = await expectProblem(res, 422);
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'drinkId',
      'machineId',
    ]);
    expect(await rowsWithIssuedIds()).toBe(0);
  });

  it('answers 404 problem+json to an unknown route', async () => {
    const { app } = createTestApi(db);

    await expectProblem(await app.request('/no/such/route'), 404);
  });

  it('answers 405 with Allow to a known route and the wrong method', async () => {
    const { app } = createTestApi(db);

    const res = await app.request('/contacts', { method: 'DELETE' });

    await expectProblem(res, 405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('answers 400 to an Idempotency-Key that is not printable ASCII', async () => {
    const { app, rowsWithIssuedIds } = createTestApi(db);
    const machineId = await seedActiveMachine(db);

    const res = await postJson(
      app,
      '/requests',
      { customerName: 'Ada', drinkId: 'espresso', machineId },
      { 'idempotency-key': 'x'.repeat(201) },
    );

    await expectProblem(res, 400);
    expect(await rowsWithIssuedIds()).toBe(0);
  });

  it('never answers 500 to a body that is JSON but not an object', async () => {
    const { app } = createTestApi(db);

    for (const body of ['[]', 'null', '"text"', '42', '{"customerName": {"$gt": ""}}']) {
      const res = await postJson(app, '/requests', body);
      await expectProblem(res, 422);
    }
  });
});
