import type pg from 'pg';
import type { Logger } from '../../lib/logger';
import { describeError } from '../../lib/errors';
import {
  claimDue,
  markDead,
  markDelivered,
  markRetry,
  release,
  settleSend,
  startSend,
  type ClaimedNotification,
} from './notification-store';
import { renderNotification, type WebhookPayload } from './render';
import type { SendResult } from './webhook-client';

export type DispatcherHealth = {
  webhook: 'ok' | 'gone';
  delivered: number;
  retried: number;
  dead: number;
  ambiguous: number;
};

export type DispatcherOptions = {
  pool: pg.Pool;
  logger: Logger;
  send: (payload: WebhookPayload) => Promise<SendResult>;
  batchSize?: number;
  /** Sends in flight at once at most, and never more than the bucket has left. */
  maxConcurrentSends?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Probing a webhook that is gone backs off up to this. */
  goneProbeMaxMs?: number;
  /** Only rows of these aggregate types (tests use their own types to stay apart). */
  aggregateTypes?: string[];
  random?: () => number;
};

/**
 * Delivers notification rows to Discord until stopped. A claim holds at most one row per
 * aggregate (the next of each), so the rows of one claim may go out side by side without
 * reordering any aggregate's messages: as many at once as the webhook's bucket said it has left
 * (Discord's webhook bucket holds 5 per 2 s), up to `maxConcurrentSends`, and one at a time
 * while that is unknown. Run several dispatchers for failover, not for speed: they share a bucket.
 */
export function createDispatcher(options: DispatcherOptions) {
  const {
    pool,
    logger,
    send,
    batchSize = 20,
    maxConcurrentSends = 4,
    leaseMs = 60_000,
    pollIntervalMs = 1_000,
    maxAttempts = 25,
    retryBaseMs = 500,
    retryMaxMs = 300_000,
    goneProbeMaxMs = 30_000,
    random = Math.random,
  } = options;
  const health: DispatcherHealth = {
    webhook: 'ok',
    delivered: 0,
    retried: 0,
    dead: 0,
    ambiguous: 0,
  };
  let running = false;
  let pausedUntil = 0;
  let goneProbeMs = 1_000;
  /** The least the bucket had left by the answers of the last sends; undefined: not known. */
  let bucketRemaining: number | undefined;
  /** Every sleep in progress: sends side by side may each be waiting out the bucket. */
  const sleepers = new Set<{ wakeable: boolean; end: () => void }>();

  /** Sleeps `ms`; a wakeable sleep also ends when a new row is announced, and every one on stop. */
  function pause(ms: number, wakeable = true): Promise<void> {
    return new Promise((resolve) => {
      const sleeper = {
        wakeable,
        end() {
          clearTimeout(timer);
          sleepers.delete(sleeper);
          resolve();
        },
      };
      const timer = setTimeout(sleeper.end, ms);
      sleepers.add(sleeper);
    });
  }

  function wakeUp(): void {
    for (const sleeper of [...sleepers]) if (sleeper.wakeable || !running) sleeper.end();
  }

  /** Exponential backoff with full jitter, so many rows failing together do not retry together. */
  function backoffMs(attempts: number): number {
    const ceiling = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempts, 20));
    return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  }

  async function waitForBucket(): Promise<void> {
    while (running && Date.now() < pausedUntil) await pause(pausedUntil - Date.now());
  }

  /** Sends one row, retrying in place while Discord only asks us to slow down. */
  async function deliver(row: ClaimedNotification): Promise<'done' | 'gone'> {
    const payload = renderNotification(row);
    const fields = { notificationId: row.id, eventId: row.eventId, aggregateId: row.aggregateId };
    let resend = false;
    // A send's outcome is recorded only while this dispatcher's lease holds (see LeasedRow).
    const recorded = (ok: boolean) => {
      if (!ok) logger.warn(fields, 'lease lost during a send; its new owner records the outcome');
    };
    for (;;) {
      await waitForBucket();
      if (!running) {
        await release(pool, [row]);
        return 'done';
      }
      // A wait behind the bucket may have outlasted the claim; never send a row someone else took.
      const lease = await startSend(pool, row, { leaseMs, resend });
      if (lease === undefined) {
        logger.warn(fields, 'lease on a notification lost while waiting; left to its new owner');
        return 'done';
      }
      row.leaseUntil = lease;
      const result = await send(payload);
      switch (result.kind) {
        case 'delivered':
          recorded(await markDelivered(pool, row, result.messageId));
          health.delivered += 1;
          // Pace from the bucket headers, before Discord has to answer 429.
          if (result.pacing.remaining !== undefined)
            bucketRemaining = Math.min(bucketRemaining ?? Infinity, result.pacing.remaining);
          // Never shorten a longer pause another send in flight was told to keep.
          if (result.pacing.remaining === 0 && result.pacing.resetAfterMs !== undefined) {
            pausedUntil = Math.max(pausedUntil, Date.now() + result.pacing.resetAfterMs);
          }
          logger.debug({ ...fields, messageId: result.messageId }, 'notification delivered');
          return 'done';
        case 'rate-limited':
          // Not an attempt: the row waits, and so does every other send (one webhook, one bucket).
          pausedUntil = Math.max(pausedUntil, Date.now() + result.retryAfterMs);
          bucketRemaining = undefined;
          logger.warn(
            { ...fields, retryAfterMs: result.retryAfterMs, global: result.global },
            'discord rate limit',
          );
          resend = true;
          continue;
        case 'webhook-gone':
          recorded(await settleSend(pool, row));
          return 'gone';
        case 'invalid-payload':
          recorded(
            await markDead(pool, row, {
              error: `discord ${result.status}: ${result.body}`,
              ambiguous: false,
            }),
          );
          health.dead += 1;
          logger.error(
            { ...fields, status: result.status, discordError: result.body },
            'discord rejected a rendered notification; parked as dead',
          );
          return 'done';
        case 'transient':
        case 'ambiguous': {
          const ambiguous = result.kind === 'ambiguous';
          if (ambiguous) health.ambiguous += 1;
          if (row.attempts + 1 >= maxAttempts) {
            recorded(
              await markDead(pool, row, {
                error: `gave up after ${row.attempts + 1} attempts: ${result.reason}`,
                ambiguous,
              }),
            );
            health.dead += 1;
            logger.error(
              { ...fields, reason: result.reason },
              'notification dead after too many attempts',
            );
            return 'done';
          }
          // Ambiguous sends are retried: a possible duplicate message beats a lost one.
          recorded(
            await markRetry(pool, row, {
              delayMs: backoffMs(row.attempts),
              error: result.reason,
              ambiguous,
            }),
          );
          health.retried += 1;
          logger.warn(
            { ...fields, reason: result.reason, ambiguous, attempts: row.attempts + 1 },
            'notification send failed; will retry',
          );
          return 'done';
        }
      }
    }
  }

  async function runOnce(): Promise<number> {
    const rows = await claimDue(pool, {
      limit: health.webhook === 'gone' ? 1 : batchSize,
      leaseMs,
      aggregateTypes: options.aggregateTypes,
    });
    let next = 0;
    while (next < rows.length) {
      // A bucket that is empty (or unknown) gets one send, whose answer says what is left.
      const width = Math.max(1, Math.min(maxConcurrentSends, bucketRemaining ?? 1));
      const slice = rows.slice(next, next + width);
      next += slice.length;
      bucketRemaining = undefined;
      // Every send of the slice is seen to its end before a failure is passed on, so none is
      // left running untracked while the loop claims more or the process stops.
      const settled = await Promise.allSettled(slice.map(deliver));
      const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failure) throw failure.reason;
      const outcomes = settled.map((s) => (s as PromiseFulfilledResult<'done' | 'gone'>).value);
      if (outcomes.includes('gone')) {
        // Stop sending: no attempts burned, rows stay pending, probe again later.
        const unsent = [...slice.filter((_, i) => outcomes[i] === 'gone'), ...rows.slice(next)];
        await release(pool, unsent);
        if (health.webhook === 'ok')
          logger.error(
            {},
            'discord webhook is gone (401/404); sending paused until it answers again',
          );
        health.webhook = 'gone';
        return 0;
      }
      if (health.webhook === 'gone') {
        logger.info({}, 'discord webhook answers again; sending resumed');
        health.webhook = 'ok';
        goneProbeMs = 1_000;
      }
    }
    return rows.length;
  }

  async function loop(): Promise<void> {
    while (running) {
      try {
        const handled = await runOnce();
        if (health.webhook === 'gone') {
          // New rows must not trigger probes: that would be the storm of invalid requests.
          await pause(goneProbeMs, false);
          goneProbeMs = Math.min(goneProbeMaxMs, goneProbeMs * 2);
        } else if (handled === 0) {
          await pause(pollIntervalMs);
        }
      } catch (error) {
        logger.error({ error: describeError(error) }, 'dispatch round failed; retrying');
        await pause(pollIntervalMs);
      }
    }
  }

  let finished: Promise<void> = Promise.resolve();
  return {
    health,
    start() {
      running = true;
      finished = loop();
    },
    /** Wakes an idle dispatcher (a new row was written; see LISTEN in main.ts). */
    wake: wakeUp,
    async stop() {
      running = false;
      wakeUp();
      await finished;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
