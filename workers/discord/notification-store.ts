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
};

/**
 * Takes due rows for sending. A row is due when no earlier row of its aggregate is still
 * waiting, which keeps each aggregate's messages in write order across any number of
 * dispatchers; SKIP LOCKED keeps two dispatchers from taking the same row. The claim is a lease:
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
         and ($3::text[] is null or n.aggregate_type = any($3::text[]))
         and not exists (
           select 1 from notifications e
           where e.aggregate_type = n.aggregate_type and e.aggregate_id = n.aggregate_id
             and e.seq < n.seq and e.status in ('pending', 'sending'))
       order by n.seq
       limit $1
       for update of n skip locked)
     update notifications set status = 'sending', updated_at = now(),
       next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
     from due where notifications.id = due.id
     returning notifications.id, notifications.seq::text as seq, event_id as "eventId",
       event_type as "eventType", aggregate_type as "aggregateType",
       aggregate_id as "aggregateId", message, attempts, created_at as "createdAt"`,
    [options.limit, options.leaseMs, options.aggregateTypes ?? null],
  );
  return rows.sort((a, b) => (BigInt(a.seq) < BigInt(b.seq) ? -1 : 1));
}

export async function markDelivered(
  pool: pg.Pool,
  id: string,
  messageId: string | null,
): Promise<void> {
  await pool.query(
    `update notifications set status = 'delivered', discord_message_id = $2, attempts = attempts + 1,
       delivered_at = now(), updated_at = now(), last_error = null where id = $1`,
    [id, messageId],
  );
}

/** A failed attempt that may succeed later. `ambiguous` counts sends that may have arrived. */
export async function markRetry(
  pool: pg.Pool,
  id: string,
  options: { delayMs: number; error: string; ambiguous: boolean },
): Promise<void> {
  await pool.query(
    `update notifications set status = 'pending', attempts = attempts + 1, last_error = $3,
       ambiguous_sends = ambiguous_sends + $4::int, updated_at = now(),
       next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
     where id = $1`,
    [id, options.delayMs, options.error, options.ambiguous ? 1 : 0],
  );
}

export async function markDead(pool: pg.Pool, id: string, error: string): Promise<void> {
  await pool.query(
    `update notifications set status = 'dead', attempts = attempts + 1, last_error = $2,
       updated_at = now() where id = $1`,
    [id, error],
  );
}

/** Gives rows back untouched: not an attempt (a rate limit, a webhook that is gone, shutdown). */
export async function release(pool: pg.Pool, ids: string[], delayMs = 0): Promise<void> {
  if (ids.length === 0) return;
  await pool.query(
    `update notifications set status = 'pending', updated_at = now(),
       next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
     where id = any($1::uuid[]) and status = 'sending'`,
    [ids, delayMs],
  );
}

/** With no webhook configured, rows are kept (and visible) but not sent. */
export async function skipPending(pool: pg.Pool, aggregateTypes?: string[]): Promise<number> {
  const result = await pool.query(
    `update notifications set status = 'skipped', updated_at = now(),
       last_error = 'no Discord webhook configured'
     where status = 'pending' and ($1::text[] is null or aggregate_type = any($1::text[]))`,
    [aggregateTypes ?? null],
  );
  return result.rowCount ?? 0;
}
