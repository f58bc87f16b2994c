import type pg from 'pg';
import { sleep } from '../../connect/stack/processes';
import type { ReceivedMessage } from '../../workers/discord/mock-discord';
import type { Embed } from '../../workers/discord/render';
import type { AcceptedEntity, LoadResult } from './load';

/** What the system owes each accepted entity, read back from Postgres, Kafka and the mocks. */
export type Findings = {
  checked: Record<AcceptedEntity['kind'], number>;
  /** Entities the pipeline did not finish: no event, never processed, no final state, or a notification never delivered. */
  lost: string[];
  /** Effects applied other than once: stock, payments, setup rows. */
  duplicatedEffects: string[];
  discord: { messages: number; duplicates: number; unexplainedDuplicates: string[] };
  welcomeEmails: { sent: number; duplicates: number; missing: string[] };
  deadLettered: string[];
  deadNotifications: string[];
  /** 4xx the load did not provoke on purpose, 5xx outside a database outage, rows behind give-ups. */
  http: { refused: string[]; serverErrorsOutsideOutage: string[]; rowsBehindGiveUps: string[] };
  finalStates: Record<string, number>;
};

type Snapshot = {
  events: Map<string, { eventId: string; kind: string }>;
  processed: Set<string>;
  finalState: Map<string, string>;
  notifications: { eventId: string; status: string; title: string; ambiguousSends: number }[];
};

const groupFor = (kind: string) => `sipeat-${kind}-processor`;

async function snapshot(pool: pg.Pool, entities: AcceptedEntity[]): Promise<Snapshot> {
  const ids = entities.map((e) => e.id);
  const idsOf = (kind: AcceptedEntity['kind']) =>
    entities.filter((e) => e.kind === kind).map((e) => e.id);

  const events = new Map<string, { eventId: string; kind: string }>();
  const outbox = await pool.query<{ entityId: string; eventId: string; kind: string }>(
    `select aggregateid as "entityId", id as "eventId", aggregatetype as kind
     from outbox where aggregateid = any($1::text[])`,
    [ids],
  );
  for (const row of outbox.rows) events.set(row.entityId, row);
  const eventIds = outbox.rows.map((r) => r.eventId);

  const inbox = await pool.query<{ eventId: string; group: string }>(
    `select event_id as "eventId", consumer_group as "group" from inbox where event_id = any($1::uuid[])`,
    [eventIds],
  );
  const processed = new Set(
    inbox.rows
      .filter((r) => {
        const kind = outbox.rows.find((e) => e.eventId === r.eventId)?.kind;
        return kind !== undefined && r.group === groupFor(kind);
      })
      .map((r) => r.eventId),
  );

  const finalState = new Map<string, string>();
  const machines = await pool.query<{ id: string; status: string }>(
    'select id, status from machines where id = any($1::uuid[])',
    [idsOf('machine')],
  );
  for (const m of machines.rows) if (m.status !== 'provisioning') finalState.set(m.id, m.status);
  const requests = await pool.query<{ id: string; status: string }>(
    'select id, status from drink_requests where id = any($1::uuid[])',
    [idsOf('request')],
  );
  for (const r of requests.rows) if (r.status !== 'pending') finalState.set(r.id, r.status);
  const contacts = await pool.query<{ id: string; runs: number }>(
    `select c.id, count(r.strategy)::int as runs from contacts c
     join outbox o on o.aggregateid = c.id::text
     left join contact_strategy_runs r on r.event_id = o.id
     where c.id = any($1::uuid[]) and c.lead_score is not null group by c.id`,
    [idsOf('contact')],
  );
  for (const c of contacts.rows) if (c.runs === 3) finalState.set(c.id, 'scored');

  const notifications = await pool.query<Snapshot['notifications'][number]>(
    `select event_id as "eventId", status, message->>'title' as title,
            ambiguous_sends as "ambiguousSends"
     from notifications where event_id = any($1::uuid[])`,
    [eventIds],
  );
  return { events, processed, finalState, notifications: notifications.rows };
}

function settled(entities: AcceptedEntity[], s: Snapshot): boolean {
  const notified = new Set(s.notifications.map((n) => n.eventId));
  return (
    entities.every((e) => {
      const event = s.events.get(e.id);
      return (
        event &&
        s.processed.has(event.eventId) &&
        s.finalState.has(e.id) &&
        notified.has(event.eventId)
      );
    }) && s.notifications.every((n) => n.status !== 'pending' && n.status !== 'sending')
  );
}

/** Polls until every accepted entity is finished and announced, or the time is up. */
export async function waitToSettle(
  pool: pg.Pool,
  entities: AcceptedEntity[],
  timeoutMs: number,
): Promise<{ settled: boolean; ms: number }> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const current = await snapshot(pool, entities).catch(() => undefined);
    if (current && settled(entities, current)) return { settled: true, ms: Date.now() - started };
    await sleep(1_000);
  }
  return { settled: false, ms: Date.now() - started };
}

function footerEventId(embed: Embed): string | undefined {
  return /event ([0-9a-f-]{36})/.exec(embed.footer.text)?.[1];
}

export async function verify(input: {
  pool: pg.Pool;
  load: LoadResult;
  discordReceived: ReceivedMessage[];
  emailsByRecipient: Map<string, number>;
  deadLetterKeys: Set<string>;
  initialStock: number;
  /** When the database was down (fault start to end, plus a grace for pools to reconnect). */
  outages: { from: number; to: number }[];
}): Promise<Findings> {
  const { pool, load } = input;
  const entities = load.accepted;
  const s = await snapshot(pool, entities);
  const findings: Findings = {
    checked: { machine: 0, contact: 0, request: 0 },
    lost: [],
    duplicatedEffects: [],
    discord: { messages: input.discordReceived.length, duplicates: 0, unexplainedDuplicates: [] },
    welcomeEmails: { sent: 0, duplicates: 0, missing: [] },
    deadLettered: [],
    deadNotifications: [],
    http: { refused: [], serverErrorsOutsideOutage: [], rowsBehindGiveUps: [] },
    finalStates: {},
  };

  // 1. Every entity: its event, processed by its group, a final state, notifications.
  const notificationsByEvent = new Map<string, Snapshot['notifications']>();
  for (const n of s.notifications)
    notificationsByEvent.set(n.eventId, [...(notificationsByEvent.get(n.eventId) ?? []), n]);
  for (const entity of entities) {
    findings.checked[entity.kind] += 1;
    const label = `${entity.kind} ${entity.id}`;
    const event = s.events.get(entity.id);
    if (!event) findings.lost.push(`${label}: accepted but no outbox event`);
    else if (!s.processed.has(event.eventId)) findings.lost.push(`${label}: event never processed`);
    else if (!s.finalState.has(entity.id)) findings.lost.push(`${label}: no final state`);
    else if (!notificationsByEvent.has(event.eventId))
      findings.lost.push(`${label}: no notification written`);
    const state = s.finalState.get(entity.id) ?? 'unfinished';
    findings.finalStates[`${entity.kind} ${state}`] =
      (findings.finalStates[`${entity.kind} ${state}`] ?? 0) + 1;
    if (input.deadLetterKeys.has(entity.id)) findings.deadLettered.push(label);
  }

  // 2. Discord: every notification row arrived; a repeat only where a send's outcome was unknown.
  const receivedCount = new Map<string, number>();
  for (const message of input.discordReceived) {
    for (const embed of (message.payload as { embeds: Embed[] }).embeds) {
      // The renderer puts a ✅ or ❌ before the notification's title.
      const key = `${footerEventId(embed)}|${embed.title.replace(/^(✅|❌) /u, '')}`;
      receivedCount.set(key, (receivedCount.get(key) ?? 0) + 1);
    }
  }
  const rowsByKey = new Map<string, Snapshot['notifications']>();
  for (const n of s.notifications) {
    const key = `${n.eventId}|${n.title}`;
    rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), n]);
  }
  for (const [key, rows] of rowsByKey) {
    const got = receivedCount.get(key) ?? 0;
    for (const row of rows) {
      if (row.status === 'dead') findings.deadNotifications.push(`${key} (${row.status})`);
      else if (row.status !== 'delivered') findings.lost.push(`notification ${key}: ${row.status}`);
    }
    if (got < rows.length && rows.some((r) => r.status === 'delivered'))
      findings.lost.push(`notification ${key}: marked delivered, never received`);
    if (got > rows.length) {
      findings.discord.duplicates += got - rows.length;
      if (rows.every((r) => r.ambiguousSends === 0))
        findings.discord.unexplainedDuplicates.push(`${key} received ${got} times`);
    }
  }

  // 3. Effects applied once: stock, payments, setup rows.
  const requestIds = entities.filter((e) => e.kind === 'request').map((e) => e.id);
  const stock = await pool.query<{
    machineId: string;
    drinkId: string;
    stock: number;
    served: number;
  }>(
    `select i.machine_id as "machineId", i.drink_id as "drinkId", i.stock,
            (select count(*)::int from drink_requests r
             where r.machine_id = i.machine_id and r.drink_id = i.drink_id and r.status = 'completed') as served
     from machine_inventory i
     where i.machine_id in (select machine_id from drink_requests where id = any($1::uuid[]))`,
    [requestIds],
  );
  for (const row of stock.rows) {
    if (row.stock !== input.initialStock - row.served)
      findings.duplicatedEffects.push(
        `stock of ${row.drinkId} at ${row.machineId}: ${row.stock}, expected ${input.initialStock} - ${row.served} served`,
      );
  }
  const money = await pool.query<{
    id: string;
    status: string;
    price: number | null;
    payment: string | null;
    amount: number | null;
  }>(
    `select r.id, r.status, r.price_charged_cents as price, p.status as payment, p.amount_cents as amount
     from drink_requests r left join payments p on p.idempotency_key = r.id::text
     where r.id = any($1::uuid[])`,
    [requestIds],
  );
  for (const row of money.rows) {
    if (row.status === 'completed' && (row.payment !== 'charged' || row.amount !== row.price))
      findings.duplicatedEffects.push(
        `request ${row.id}: completed, payment ${row.payment} ${row.amount}`,
      );
    if (row.status !== 'completed' && row.payment === 'charged')
      findings.duplicatedEffects.push(`request ${row.id}: ${row.status} but the charge stands`);
  }
  const machineIds = entities.filter((e) => e.kind === 'machine').map((e) => e.id);
  const setup = await pool.query<{
    id: string;
    status: string;
    drinks: number;
    credentials: number;
    visits: number;
    assortment: number;
  }>(
    `select m.id, m.status,
            (select count(*)::int from machine_inventory i where i.machine_id = m.id) as drinks,
            (select count(*)::int from machine_credentials c where c.machine_id = m.id) as credentials,
            (select count(*)::int from maintenance_visits v where v.machine_id = m.id) as visits,
            (select count(*)::int from drinks) as assortment
     from machines m where m.id = any($1::uuid[])`,
    [machineIds],
  );
  for (const m of setup.rows) {
    const ok =
      m.status === 'active'
        ? m.drinks === m.assortment && m.credentials === 1 && m.visits > 0
        : m.drinks === 0 && m.credentials === 0 && m.visits === 0;
    if (!ok)
      findings.duplicatedEffects.push(
        `machine ${m.id} ${m.status}: ${m.drinks} drinks, ${m.credentials} credentials, ${m.visits} visits`,
      );
  }

  // 4. Welcome emails: one per contact; a repeat is reported like a Discord repeat.
  for (const entity of entities.filter((e) => e.kind === 'contact')) {
    const sent = input.emailsByRecipient.get(entity.email ?? '') ?? 0;
    findings.welcomeEmails.sent += sent;
    if (sent === 0) findings.welcomeEmails.missing.push(entity.id);
    if (sent > 1) findings.welcomeEmails.duplicates += sent - 1;
  }

  // 5. HTTP: no unexpected refusal, no 5xx while the database was up, nothing behind a give-up.
  findings.http.refused = load.refused.map((r) => `${r.route} ${r.status} ${r.detail}`);
  findings.http.serverErrorsOutsideOutage = load.serverErrors
    .filter((e) => !input.outages.some((o) => e.at >= o.from && e.at <= o.to))
    .map((e) => `${new Date(e.at).toISOString()} ${e.route} ${e.status}`);
  for (const gaveUp of load.gaveUp) {
    const { rowCount } = await pool.query('select 1 from idempotency_keys where key = $1', [
      gaveUp.idempotencyKey,
    ]);
    if (rowCount) findings.http.rowsBehindGiveUps.push(`${gaveUp.route} ${gaveUp.idempotencyKey}`);
  }
  return findings;
}

/** Whether the run proves the promise: nothing lost, nothing applied twice, nothing unexplained. */
export function passed(f: Findings): boolean {
  return (
    f.lost.length === 0 &&
    f.duplicatedEffects.length === 0 &&
    f.discord.unexplainedDuplicates.length === 0 &&
    f.welcomeEmails.missing.length === 0 &&
    f.deadLettered.length === 0 &&
    f.deadNotifications.length === 0 &&
    f.http.refused.length === 0 &&
    f.http.serverErrorsOutsideOutage.length === 0 &&
    f.http.rowsBehindGiveUps.length === 0
  );
}
