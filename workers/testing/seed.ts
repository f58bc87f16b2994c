import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { contacts, drinkRequests, machineInventory, machines } from '../../db/schema';
import { buildEvent, type AnyEvent } from '../../events';

/** Rows and events for integration tests, each with fresh ids. */
export async function seedMachine(
  db: Db,
  options: {
    status?: 'provisioning' | 'active' | 'failed';
    country?: string;
    city?: string;
    stock?: Record<string, number>;
  } = {},
) {
  const id = randomUUID();
  await db.insert(machines).values({
    id,
    name: `Test machine ${id.slice(0, 8)}`,
    country: options.country ?? 'Germany',
    city: options.city ?? 'Berlin',
    street: null,
    status: options.status ?? 'active',
  });
  const stock = Object.entries(options.stock ?? {});
  if (stock.length > 0) {
    await db
      .insert(machineInventory)
      .values(stock.map(([drinkId, n]) => ({ machineId: id, drinkId, stock: n })));
  }
  const event = buildEvent('machine.created', id, {
    machineId: id,
    name: `Test machine ${id.slice(0, 8)}`,
    country: options.country ?? 'Germany',
    city: options.city ?? 'Berlin',
    street: null,
  });
  return { id, event: event.payload as Extract<AnyEvent, { type: 'machine.created' }> };
}

export async function seedRequest(db: Db, options: { machineId: string; drinkId: string }) {
  const id = randomUUID();
  await db.insert(drinkRequests).values({ id, customerName: 'Ada Tester', ...options });
  const event = buildEvent('request.created', id, {
    requestId: id,
    customerName: 'Ada Tester',
    ...options,
  });
  return { id, event: event.payload };
}

export async function seedContact(
  db: Db,
  options: { email?: string; companyName?: string | null; message?: string } = {},
) {
  const id = randomUUID();
  const data = {
    name: 'Grace Tester',
    email: options.email ?? `grace-${id.slice(0, 8)}@example.org`,
    phone: '+4930123456',
    companyName: options.companyName === undefined ? 'Acme GmbH' : options.companyName,
    message:
      options.message ?? 'We need coffee machines for our offices urgently, ideally this month.',
  };
  await db.insert(contacts).values({ id, ...data });
  const event = buildEvent('contact.created', id, { contactId: id, ...data });
  return { id, email: data.email, event: event.payload };
}
