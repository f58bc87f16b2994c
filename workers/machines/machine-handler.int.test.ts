import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  machineCredentials,
  machineInventory,
  machines,
  maintenanceVisits,
  notifications,
} from '../../db/schema';
import { useTestDatabase } from '../../test/support/db';
import { testKafka } from '../../test/support/kafka';
import { targetedFaults } from '../adapters/fault-injector';
import { waitFor } from '../../test/support/eventually';
import { startInProcessWorkers } from '../testing/in-process-workers';
import { seedMachine } from '../testing/seed';
import { createTestTopics } from '../testing/test-topics';

const { db } = useTestDatabase();
const faults = targetedFaults();
let topics: Awaited<ReturnType<typeof createTestTopics>>;
let workers: Awaited<ReturnType<typeof startInProcessWorkers>>;

beforeAll(async () => {
  topics = await createTestTopics(testKafka());
  workers = await startInProcessWorkers({
    db,
    ...topics,
    faults,
    restrictedAreas: 'Restricted Land:*',
  });
});
afterAll(async () => {
  await workers?.stop();
  await topics?.close();
});

async function settled(machineId: string) {
  return waitFor(`machine ${machineId} to settle`, async () => {
    const [row] = await db.select().from(machines).where(eq(machines.id, machineId));
    return row && row.status !== 'provisioning' ? row : undefined;
  });
}

async function traces(machineId: string) {
  const [inventory, credentials, visits] = await Promise.all([
    db.select().from(machineInventory).where(eq(machineInventory.machineId, machineId)),
    db.select().from(machineCredentials).where(eq(machineCredentials.machineId, machineId)),
    db.select().from(maintenanceVisits).where(eq(maintenanceVisits.machineId, machineId)),
  ]);
  return { inventory, credentials, visits };
}

describe('machine setup', () => {
  it('activates a machine with stock, a hashed key and a year of maintenance', async () => {
    const machine = await seedMachine(db, { status: 'provisioning' });

    await topics.sendEvent('machine', machine.id, machine.event);
    const row = await settled(machine.id);

    expect(row).toMatchObject({ status: 'active', failureReason: null });
    const { inventory, credentials, visits } = await traces(machine.id);
    expect(inventory).toHaveLength(8);
    expect(inventory.every((i) => i.stock === 20)).toBe(true);
    expect(credentials).toHaveLength(1);
    expect(credentials[0]?.apiKeySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(visits).toHaveLength(12);
    const kinds = await db
      .select()
      .from(notifications)
      .where(eq(notifications.eventId, machine.event.id));
    expect(kinds.map((n) => n.message.kind)).toEqual(['machine.activated']);
  });

  it('fails a restricted location and leaves nothing behind', async () => {
    const machine = await seedMachine(db, {
      status: 'provisioning',
      country: 'Restricted Land',
      city: 'Anywhere',
    });

    await topics.sendEvent('machine', machine.id, machine.event);
    const row = await settled(machine.id);

    expect(row.status).toBe('failed');
    expect(row.failureReason).toMatch(/Restricted Land/);
    expect(await traces(machine.id)).toEqual({ inventory: [], credentials: [], visits: [] });
  });

  it('undoes the earlier commands when the third (network) fails', async () => {
    const machine = await seedMachine(db, { status: 'provisioning' });
    faults.fail('network', machine.id);

    await topics.sendEvent('machine', machine.id, machine.event);
    const row = await settled(machine.id);

    expect(row.status).toBe('failed');
    expect(row.failureReason).toMatch(/network/);
    expect(await traces(machine.id)).toEqual({ inventory: [], credentials: [], visits: [] });
    const [note] = await db
      .select()
      .from(notifications)
      .where(eq(notifications.eventId, machine.event.id));
    expect(note?.message).toMatchObject({ kind: 'machine.setup_failed', outcome: 'failure' });
  });
});
