import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { contacts, drinkRequests, machineInventory, machines, outbox } from '../../db/schema';
import { createLogger } from '../../lib/logger';
import { createApp, type AppOptions } from '../app';

export const testAdminToken = 'test-admin-token-0123456789';

/**
 * An app on the test database whose id generator records every id it hands out, so a test can
 * assert that a refused request wrote nothing: no entity and no outbox row with any of them.
 */
export function createTestApi(db: Db, overrides: Partial<AppOptions> = {}) {
  const issuedIds: string[] = [];
  const baseNewId = overrides.newId ?? randomUUID;
  const newId = () => {
    const id = baseNewId();
    issuedIds.push(id);
    return id;
  };
  const app = createApp({
    db,
    logger: createLogger({ name: 'api-test', level: 'silent' }),
    adminToken: testAdminToken,
    ...overrides,
    newId,
  });

  async function rowsWithIssuedIds(): Promise<number> {
    if (issuedIds.length === 0) return 0;
    const counts = await Promise.all([
      db.$count(contacts, inArray(contacts.id, issuedIds)),
      db.$count(drinkRequests, inArray(drinkRequests.id, issuedIds)),
      db.$count(machines, inArray(machines.id, issuedIds)),
      db.$count(outbox, inArray(outbox.id, issuedIds)),
      db.$count(outbox, inArray(outbox.aggregateid, issuedIds)),
    ]);
    return counts.reduce((a, b) => a + b, 0);
  }

  return { app, issuedIds, rowsWithIssuedIds };
}

/** POSTs JSON through app.request, no listening socket needed. */
export async function postJson(
  app: ReturnType<typeof createApp>,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** An active machine stocked with the given drinks, written directly as a worker would. */
export async function seedActiveMachine(db: Db, stock: Record<string, number> = { espresso: 10 }) {
  const id = randomUUID();
  await db.insert(machines).values({
    id,
    name: `test machine ${id.slice(0, 8)}`,
    country: 'CH',
    city: 'Zurich',
    status: 'active',
  });
  const rows = Object.entries(stock).map(([drinkId, count]) => ({
    machineId: id,
    drinkId,
    stock: count,
  }));
  if (rows.length > 0) await db.insert(machineInventory).values(rows);
  return id;
}

/** Rows in `outbox` for one aggregate. */
export async function outboxRowsFor(db: Db, aggregateId: string) {
  return db
    .select()
    .from(outbox)
    .where(sql`${outbox.aggregateid} = ${aggregateId}`);
}

/** A response's JSON body, loosely typed so assertions can reach into it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readJson(res: Response): Promise<any> {
  return res.json();
}
