import type pg from 'pg';
import { sleep } from '../../connect/stack/processes';
import { leadScore } from '../../workers/contacts/lead-score';
import type { ReceivedMessage } from '../../workers/discord/mock-discord';
import type { Embed } from '../../workers/discord/render';
import { consumerGroupId } from '../../workers/worker-groups';
import type { AcceptedEntity, LoadResult } from './load';

/** What the system owes each accepted entity, read back from Postgres, Kafka and the mocks. */
export type Findings = {
  checked: Record<AcceptedEntity['kind'], number>;
  /** Entities the pipeline did not finish: no event, never processed, no final state, or a notification never delivered. */
  lost: string[];
  /** Final states other than the one the load meant, or refusals for a reason it did not cause. */
  wrongOutcomes: string[];
  /** Effects applied other than once: stock, payments, setup rows, lead scores. */
  duplicatedEffects: string[];
  discord: {
    messages: number;
    duplicates: number;
    /** Sends whose outcome the dispatcher could not know (timeout, cut connection, lease lost). */
    ambiguousSends: number;
    /** More copies of a notification than it had ambiguous sends, or messages matching no row. */
    unexplained: string[];
  };
  welcomeEmails: { sent: number; duplicates: number; missing: string[] };
  deadLettered: string[];
  deadNotifications: string[];
  /** 4xx the load did not provoke on purpose, 5xx outside a database outage, rows behind give-ups. */
  http: { refused: string[]; serverErrorsOutsideOutage: string[]; rowsBehindGiveUps: string[] };
  finalStates: Record<string, number>;
};

type NotificationRow = {
  eventId: string;
  status: string;
  title: string;
  outcome: string;
  ambiguousSends: number;
};

type Snapshot = {
  events: Map<string, { eventId: string; kind: string }>;
  processed: Set<string>;
  /** Entity id to its final state (status, and the reason for a refusal); absent while unfinished. */
  finalState: Map<string, { status: string; reason: string | null; leadScore?: number }>;
  notifications: NotificationRow[];
};

// Why a drink request may end refused in a chaos run: what the load provokes on purpose
// (sold-out drinks, the machine that never went into service, declined cards, jammed orders).
const intendedRefusals: Record<string, RegExp> = {
  rejected: /sold out|run out of|not in service|declined/,
  failed: /could not prepare your drink/,
};
// The maintenance plan a machine gets: a year of monthly visits.
const plannedVisits = 12;
const contactStrategies = 3;

const idsOf = (entities: AcceptedEntity[], kind: AcceptedEntity['kind']) =>
  entities.filter((e) => e.kind === kind).map((e) => e.id);

async function snapshot(pool: pg.Pool, entities: AcceptedEntity[]): Promise<Snapshot> {
  const outbox = await pool.query<{ entityId: string; eventId: string; kind: string }>(
    `select aggregateid as "entityId", id as "eventId", aggregatetype as kind
     from outbox where aggregateid = any($1::text[])`,
    [entities.map((e) => e.id)],
  );
  const events = new Map(outbox.rows.map((row) => [row.entityId, row]));
  const eventIds = outbox.rows.map((r) => r.eventId);
  const kindOfEvent = new Map(outbox.rows.map((r) => [r.eventId, r.kind]));

  const inbox = await pool.query<{ eventId: string; group: string }>(
    `select event_id as "eventId", consumer_group as "group" from inbox where event_id = any($1::uuid[])`,
    [eventIds],
  );
  const processed = new Set(
    inbox.rows
      .filter((r) => r.group === consumerGroupId('sipeat', kindOfEvent.get(r.eventId) ?? ''))
      .map((r) => r.eventId),
  );

  const finalState: Snapshot['finalState'] = new Map();
  const machines = await pool.query<{ id: string; status: string; reason: string | null }>(
    `select id, status, failure_reason as reason from machines where id = any($1::uuid[])
     and status <> 'provisioning'`,
    [idsOf(entities, 'machine')],
  );
  const requests = await pool.query<{ id: string; status: string; reason: string | null }>(
    `select id, status, reason from drink_requests where id = any($1::uuid[]) and status <> 'pending'`,
    [idsOf(entities, 'request')],
  );
  for (const row of [...machines.rows, ...requests.rows]) finalState.set(row.id, row);
  const contacts = await pool.query<{ id: string; leadScore: number }>(
    `select c.id, c.lead_score as "leadScore" from contacts c
     join outbox o on o.aggregateid = c.id::text
     join contact_strategy_runs r on r.event_id = o.id
     where c.id = any($1::uuid[]) and c.lead_score is not null
     group by c.id having count(*) = $2`,
    [idsOf(entities, 'contact'), contactStrategies],
  );
  for (const c of contacts.rows)
    finalState.set(c.id, { status: 'scored', reason: null, leadScore: c.leadScore });

  const notifications = await pool.query<NotificationRow>(
    `select event_id as "eventId", status, message->>'title' as title,
            message->>'outcome' as outcome, ambiguous_sends as "ambiguousSends"
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

/** The embed a notification row renders to is titled with ✅ or ❌ before the row's title. */
const renderedTitle = (row: { outcome: string; title: string }) =>
  `${row.outcome === 'success' ? '✅' : '❌'} ${row.title}`;

function footerEventId(embed: Embed): string | undefined {
  return /event ([0-9a-f-]{36})/.exec(embed.footer.text)?.[1];
}

function outcomeProblem(
  entity: AcceptedEntity,
  state: { status: string; reason: string | null; leadScore?: number },
) {
  if (entity.kind === 'machine') {
    const intended = entity.restricted ? 'failed' : 'active';
    return state.status === intended
      ? undefined
      : `${state.status}, meant ${intended} (${state.reason ?? 'no reason'})`;
  }
  if (entity.kind === 'contact') {
    const expected = leadScore(entity.lead);
    return state.leadScore === expected
      ? undefined
      : `lead score ${state.leadScore}, expected ${expected}`;
  }
  const allowed = intendedRefusals[state.status];
  if (state.status === 'completed' || allowed?.test(state.reason ?? '')) return undefined;
  return `${state.status}: ${state.reason ?? 'no reason'}`;
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
    wrongOutcomes: [],
    duplicatedEffects: [],
    discord: {
      messages: input.discordReceived.length,
      duplicates: 0,
      ambiguousSends: 0,
      unexplained: [],
    },
    welcomeEmails: { sent: 0, duplicates: 0, missing: [] },
    deadLettered: [],
    deadNotifications: [],
    http: { refused: [], serverErrorsOutsideOutage: [], rowsBehindGiveUps: [] },
    finalStates: {},
  };

  // 1. Every entity: its event, processed by its group, the final state meant, notifications.
  const notifiedEvents = new Set(s.notifications.map((n) => n.eventId));
  for (const entity of entities) {
    findings.checked[entity.kind] += 1;
    const label = `${entity.kind} ${entity.id}`;
    const event = s.events.get(entity.id);
    const state = s.finalState.get(entity.id);
    if (!event) findings.lost.push(`${label}: accepted but no outbox event`);
    else if (!s.processed.has(event.eventId)) findings.lost.push(`${label}: event never processed`);
    else if (!state) findings.lost.push(`${label}: no final state`);
    else if (!notifiedEvents.has(event.eventId))
      findings.lost.push(`${label}: no notification written`);
    if (state) {
      const problem = outcomeProblem(entity, state);
      if (problem) findings.wrongOutcomes.push(`${label}: ${problem}`);
    }
    const name = `${entity.kind} ${state?.status ?? 'unfinished'}`;
    findings.finalStates[name] = (findings.finalStates[name] ?? 0) + 1;
    if (input.deadLetterKeys.has(entity.id)) findings.deadLettered.push(label);
  }

  // 2. Discord: every row arrived; extra copies only as many as its sends of unknown outcome.
  const ourEvents = new Set(s.notifications.map((n) => n.eventId));
  const receivedCount = new Map<string, number>();
  for (const message of input.discordReceived) {
    for (const embed of (message.payload as { embeds: Embed[] }).embeds) {
      const eventId = footerEventId(embed);
      if (eventId === undefined || !ourEvents.has(eventId)) continue;
      const key = `${eventId}|${embed.title}`;
      receivedCount.set(key, (receivedCount.get(key) ?? 0) + 1);
    }
  }
  const rowsByKey = new Map<string, NotificationRow[]>();
  for (const row of s.notifications) {
    const key = `${row.eventId}|${renderedTitle(row)}`;
    rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), row]);
  }
  for (const key of receivedCount.keys())
    if (!rowsByKey.has(key)) findings.discord.unexplained.push(`${key}: received, matches no row`);
  for (const [key, rows] of rowsByKey) {
    const got = receivedCount.get(key) ?? 0;
    const ambiguous = rows.reduce((sum, r) => sum + r.ambiguousSends, 0);
    findings.discord.ambiguousSends += ambiguous;
    for (const row of rows) {
      if (row.status === 'dead') findings.deadNotifications.push(key);
      else if (row.status !== 'delivered') findings.lost.push(`notification ${key}: ${row.status}`);
    }
    if (got < rows.filter((r) => r.status === 'delivered').length)
      findings.lost.push(`notification ${key}: marked delivered, never received`);
    if (got > rows.length) {
      findings.discord.duplicates += got - rows.length;
      if (got - rows.length > ambiguous)
        findings.discord.unexplained.push(
          `${key}: received ${got} times, ${ambiguous} ambiguous sends`,
        );
    }
  }

  // 3. Effects applied once. Stock: what is left is what was stocked minus what was served.
  // Payments: a served drink is paid, a refused one is not (or refunded); the ledger's key
  // (the request id) already makes a second charge impossible. Setup: all or nothing.
  const requestIds = idsOf(entities, 'request');
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
  const machineIds = idsOf(entities, 'machine');
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
        ? m.drinks === m.assortment && m.credentials === 1 && m.visits === plannedVisits
        : m.drinks === 0 && m.credentials === 0 && m.visits === 0;
    if (!ok)
      findings.duplicatedEffects.push(
        `machine ${m.id} ${m.status}: ${m.drinks} drinks, ${m.credentials} credentials, ${m.visits} visits`,
      );
  }

  // 4. Welcome emails: one per contact. A repeat is reported, not failed: SMTP has no
  // idempotency key, so a send whose record was lost to a crash or an outage is sent again.
  for (const entity of entities) {
    if (entity.kind !== 'contact') continue;
    const sent = input.emailsByRecipient.get(entity.lead.email) ?? 0;
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

/** Whether the checks found nothing lost, wrong, applied twice or unexplained. */
export function passed(f: Findings): boolean {
  return (
    f.lost.length === 0 &&
    f.wrongOutcomes.length === 0 &&
    f.duplicatedEffects.length === 0 &&
    f.discord.unexplained.length === 0 &&
    f.welcomeEmails.missing.length === 0 &&
    f.deadLettered.length === 0 &&
    f.deadNotifications.length === 0 &&
    f.http.refused.length === 0 &&
    f.http.serverErrorsOutsideOutage.length === 0 &&
    f.http.rowsBehindGiveUps.length === 0
  );
}
