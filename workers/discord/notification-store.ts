import type pg from 'pg';
import type { NotificationMessage } from '../../db/schema';

export type ClaimedNotification = {
  id: string;
  seq: string;
  eventId: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
  message: NotificationMessage;
  attempts: number;
  createdAt: Date;
  /** The lease's end exactly as stored; renewing the lease checks it is still ours. */
  leaseUntil: string;
};

/**
 * Aggregate types starting with this belong to tests that run their own dispatcher on a shared
 * database. A dispatcher without an explicit scope leaves them alone, so a dispatcher started by
 * `npm start` or a benchmark never takes (or skips) rows a test is waiting for.
 */
export const testAggregatePrefix = 'test-';

/** Which rows a dispatcher serves: the aggregate types in `param`, or all but the test ones. */
function inScope(param: string): string {
  return `case when ${param}::text[] is null
    then n.aggregate_type not like '${testAggregatePrefix}%'
    else n.aggregate_type = any(${param}::text[]) end`;
}

/**
 * Takes due rows for sending, the longest due first. A row is due when its time has come and no
 * earlier row of its aggregate is still waiting, which keeps each aggregate's messages in write
 * order across any number of dispatchers (across aggregates no order is promised); SKIP LOCKED
 * keeps two dispatchers from taking the same row. The claim is a lease:
 * a dispatcher that dies mid-send leaves its rows to be taken again when the lease ends.
 */
export async function claimDue(
  pool: pg.Pool,
  options: { limit: number; leaseMs: number; aggregateTypes?: string[] },
): Promise<ClaimedNotification[]> {
  const { rows } = await pool.query<ClaimedNotification>(
    `with due as (
       select n.id from notifications n
       where n.status in ('pending', 'sending') and n.next_attempt_at <= now()
         and ${inScope('$3')}
         and not exists (
           select 1 from notifications e
           where e.aggregate_type = n.aggregate_type and e.aggregate_id = n.aggregate_id
             and e.seq < n.seq and e.status in ('pending', 'sending'))
       order by n.next_attempt_at
       limit $1
       for update of n skip locked)
     update notifications set status = 'sending', updated_at = now(),
       next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
     from due where notifications.id = due.id
     returning notifications.id, notifications.seq::text as seq, event_id as "eventId",
       event_type as "eventType", aggregate_type as "aggregateType",
       aggregate_id as "aggregateId", message, attempts, created_at as "createdAt",
       next_attempt_at::text as "leaseUntil"`,
    [options.limit, options.leaseMs, options.aggregateTypes ?? null],
  );
  return rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
}

/**
 * The row as this dispatcher leased it. Every outcome below is recorded only while that lease
 * still holds: a dispatcher that stalled past it (and whose row another one took and sent) must
 * not write over the new owner's record, or take back the `ambiguous_sends` that counts its own
 * send as a possible duplicate. Each returns whether it was recorded.
 */
export type LeasedRow = { id: string; leaseUntil: string };

const ours = `id = $1 and status = 'sending' and next_attempt_at = $2::timestamptz`;

/**
 * Records that a send is about to go out, just before it does. It renews the claim, so a row
 * that waited behind a rate limit is not taken over by another dispatcher, and it counts the
 * send in `ambiguous_sends` until its answer is recorded: a dispatcher killed mid-send leaves
 * exactly its sends in flight counted as possible duplicates. `resend` is a repeat after a 429,
 * whose answer already settled the previous send. Returns the new lease, or undefined when the
 * row is no longer ours (its lease ran out and another dispatcher took it): then do not send.
 */
export async function startSend(
  pool: pg.Pool,
  row: LeasedRow,
  options: { leaseMs: number; resend: boolean },
): Promise<string | undefined> {
  const { rows } = await pool.query<{ leaseUntil: string }>(
    `update notifications
     set next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
       ambiguous_sends = ambiguous_sends + $4::int
     where ${ours}
     returning next_attempt_at::text as "leaseUntil"`,
    [row.id, row.leaseUntil, options.leaseMs, options.resend ? 0 : 1],
  );
  return rows[0]?.leaseUntil;
}

async function recordOutcome(pool: pg.Pool, sql: string, params: unknown[]): Promise<boolean> {
  const result = await pool.query(sql, params);
  return (result.rowCount ?? 0) > 0;
}

/** An answer came back (here: the webhook is gone), so the send started is no longer open. */
export function settleSend(pool: pg.Pool, row: LeasedRow): Promise<boolean> {
  return recordOutcome(
    pool,
    `update notifications set ambiguous_sends = ambiguous_sends - 1 where ${ours}`,
    [row.id, row.leaseUntil],
  );
}

export function markDelivered(
  pool: pg.Pool,
  row: LeasedRow,
  messageId: string | null,
): Promise<boolean> {
  return recordOutcome(
    pool,
    `update notifications set status = 'delivered', discord_message_id = $3, attempts = attempts + 1,
       ambiguous_sends = ambiguous_sends - 1, delivered_at = now(), updated_at = now(),
       last_error = null
     where ${ours}`,
    [row.id, row.leaseUntil, messageId],
  );
}

/**
 * A failed attempt that may succeed later. An `ambiguous` one (no answer after sending) stays
 * counted in `ambiguous_sends`: it may have arrived, so the retry may duplicate it.
 */
export function markRetry(
  pool: pg.Pool,
  row: LeasedRow,
  options: { delayMs: number; error: string; ambiguous: boolean },
): Promise<boolean> {
  return recordOutcome(
    pool,
    `update notifications set status = 'pending', attempts = attempts + 1, last_error = $4,
       ambiguous_sends = ambiguous_sends - $5::int, updated_at = now(),
       next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
     where ${ours}`,
    [row.id, row.leaseUntil, options.delayMs, options.error, options.ambiguous ? 0 : 1],
  );
}

/** Gives up on a row; like markRetry, an `ambiguous` last send stays counted. */
export function markDead(
  pool: pg.Pool,
  row: LeasedRow,
  options: { error: string; ambiguous: boolean },
): Promise<boolean> {
  return recordOutcome(
    pool,
    `update notifications set status = 'dead', attempts = attempts + 1, last_error = $3,
       ambiguous_sends = ambiguous_sends - $4::int, updated_at = now()
     where ${ours}`,
    [row.id, row.leaseUntil, options.error, options.ambiguous ? 0 : 1],
  );
}

/**
 * Gives rows back untouched: not an attempt (a rate limit, a webhook that is gone, shutdown).
 * Only rows still leased to this dispatcher: one another dispatcher took over stays with it.
 */
export async function release(pool: pg.Pool, rows: LeasedRow[], delayMs = 0): Promise<void> {
  if (rows.length === 0) return;
  await pool.query(
    `update notifications n set status = 'pending', updated_at = now(),
       next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
     from unnest($1::uuid[], $2::timestamptz[]) as leased(id, lease_until)
     where n.id = leased.id and n.status = 'sending' and n.next_attempt_at = leased.lease_until`,
    [rows.map((r) => r.id), rows.map((r) => r.leaseUntil), delayMs],
  );
}

/** With no webhook configured, rows are kept (and visible) but not sent. */
export async function skipPending(pool: pg.Pool, aggregateTypes?: string[]): Promise<number> {
  const result = await pool.query(
    `update notifications n set status = 'skipped', updated_at = now(),
       last_error = 'no Discord webhook configured'
     where status = 'pending' and ${inScope('$1')}`,
    [aggregateTypes ?? null],
  );
  return result.rowCount ?? 0;
}
