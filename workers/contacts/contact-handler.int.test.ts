import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactStrategyRuns, contacts, notifications } from '../../db/schema';
import { useTestDatabase } from '../../test/support/db';
import { testKafka } from '../../test/support/kafka';
import { targetedFaults } from '../adapters/fault-injector';
import { waitFor } from '../../test/support/eventually';
import { startInProcessWorkers } from '../testing/in-process-workers';
import { seedContact } from '../testing/seed';
import { createTestTopics } from '../testing/test-topics';

const { db } = useTestDatabase();
const faults = targetedFaults();
const received: { to: string[]; body: string }[] = [];
let smtp: SMTPServer;
let topics: Awaited<ReturnType<typeof createTestTopics>>;
let workers: Awaited<ReturnType<typeof startInProcessWorkers>>;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  topics = await createTestTopics(testKafka());
  workers = await startInProcessWorkers({
    db,
    ...topics,
    faults,
    smtpUrl: `smtp://127.0.0.1:${port}`,
  });
});
afterAll(async () => {
  await workers?.stop();
  await topics?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

async function outcomeOf(eventId: string) {
  return waitFor(`contact event ${eventId} to settle`, async () => {
    const rows = await db.select().from(notifications).where(eq(notifications.eventId, eventId));
    return rows.find((r) => r.message.kind === 'contact.processed') ? rows : undefined;
  });
}

async function runsOf(eventId: string) {
  const rows = await db
    .select()
    .from(contactStrategyRuns)
    .where(eq(contactStrategyRuns.eventId, eventId));
  return rows.map((r) => r.strategy).sort();
}

describe('contact strategies', () => {
  it('mails the contact, alerts sales and stores a lead score', async () => {
    const contact = await seedContact(db);

    await topics.sendEvent('contact', contact.id, contact.event);
    const rows = await outcomeOf(contact.event.id);

    expect(rows.map((r) => r.message.kind).sort()).toEqual([
      'contact.processed',
      'contact.sales_alert',
    ]);
    expect(received.filter((m) => m.to.includes(contact.email))).toHaveLength(1);
    const [row] = await db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(row?.leadScore).toBeGreaterThanOrEqual(60);
    expect(await runsOf(contact.event.id)).toEqual(['crm-update', 'sales-alert', 'welcome-email']);
  });

  it('still alerts sales and updates the CRM when the email fails', async () => {
    const contact = await seedContact(db);
    faults.fail('mail', contact.email);

    await topics.sendEvent('contact', contact.id, contact.event);
    const rows = await outcomeOf(contact.event.id);

    const processed = rows.find((r) => r.message.kind === 'contact.processed');
    expect(processed?.message).toMatchObject({ outcome: 'failure', error: 'welcome-email' });
    expect(rows.some((r) => r.message.kind === 'contact.sales_alert')).toBe(true);
    const [row] = await db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(row?.leadScore).not.toBeNull();
    expect(await runsOf(contact.event.id)).toEqual(['crm-update', 'sales-alert']);
    expect(received.filter((m) => m.to.includes(contact.email))).toHaveLength(0);
  });

  it('does not mail again when a retry follows a sent mail', async () => {
    const contact = await seedContact(db);
    // The CRM times out on every attempt: the event goes round again after the mail was sent.
    faults.fail('crm', contact.id, { kind: 'timeout' });

    await topics.sendEvent('contact', contact.id, contact.event);
    const rows = await outcomeOf(contact.event.id);

    expect(received.filter((m) => m.to.includes(contact.email))).toHaveLength(1);
    const processed = rows.find((r) => r.message.kind === 'contact.processed');
    expect(processed?.message).toMatchObject({ outcome: 'failure', error: 'crm-update' });
    expect(await runsOf(contact.event.id)).toEqual(['sales-alert', 'welcome-email']);
  });
});
