import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { createTestApi, postJson, readJson } from '../testing/test-api';

const { db } = useTestDatabase();

type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components?: Record<string, Record<string, unknown>>;
};

/** Every `$ref` in the document, with where it was found. */
function refsIn(value: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string' ? [{ ref: v, at }] : refsIn(v, `${at}/${key}`),
  );
}

function resolve(document: unknown, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown> | undefined)?.[part],
      document,
    );
}

describe('operability', () => {
  it('answers /healthz and /readyz', async () => {
    const { app } = createTestApi(db);

    expect(await readJson(await app.request('/healthz'))).toEqual({ status: 'ok' });
    expect(await readJson(await app.request('/readyz'))).toEqual({ status: 'ok' });
  });

  it('counts requests by route pattern and status in /metrics, never by id', async () => {
    const { app } = createTestApi(db);
    await app.request('/contacts/6f1c3f8e-1111-4e5b-9a3c-000000000000');
    await postJson(app, '/contacts', '{');

    const text = await (await app.request('/metrics')).text();

    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/contacts\/:id",status="404"\} 1/,
    );
    expect(text).toMatch(/http_requests_total\{method="POST",route="\/contacts",status="400"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="[^"]+",method="GET"/);
    expect(text).not.toMatch(/6f1c3f8e/);
  });

  it('serves a valid OpenAPI 3.1 document that lists every route', async () => {
    const { app } = createTestApi(db);

    const res = await app.request('/openapi.json');
    const document = (await readJson(res)) as OpenApiDocument;

    expect(document.openapi).toBe('3.1.0');
    expect(document.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routed = app.routes
      .filter((r) => r.method !== 'ALL' && !['/openapi.json', '/docs'].includes(r.path))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(documented.sort()).toEqual([...new Set(routed)].sort());
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) {
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      }
    }
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const { ref, at } of refs) {
      expect(resolve(document, ref), `${ref} at ${at}`).toBeDefined();
    }
    expect(Object.keys(document.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(['ContactInput', 'DrinkRequestInput', 'MachineInput', 'Problem']),
    );
  });

  it('serves the interactive reference at /docs', async () => {
    const { app } = createTestApi(db);

    const res = await app.request('/docs');

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('/openapi.json');
  });
});
