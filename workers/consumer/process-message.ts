import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { AnyEvent } from '../../events';
import { isDatabaseUnavailable } from '../../lib/database-unavailable';
import { DomainError, describeError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { toDeadLetter } from './dead-letter';
import { claimedEventId, decodeEvent } from './decode-event';
import type { ConsumerGroupSpec, EventHandler, HandlerContext } from './event-handler';
import { recordInbox } from './inbox';
import type { InboundMessage, OutboundMessage } from './inbound-message';
import type { MessageCallback } from './kafka';
import { isTransient, retryDelayMs, type RetryPolicy } from './retry-policy';
import type { WorkerMetrics } from './worker-metrics';

export type Outcome = 'applied' | 'duplicate' | 'dead_lettered';

export type ProcessorDeps = {
  db: Db;
  group: ConsumerGroupSpec;
  logger: Logger;
  metrics: WorkerMetrics;
  retry: RetryPolicy;
  publish(messages: OutboundMessage[]): Promise<void>;
  /** Called after an event's transaction committed and before its offset is (test hook). */
  afterCommit?: (eventId: string) => void;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Thrown when the consumer stops or its group rebalances while an event waits for another
 * attempt: the record is neither applied nor dead-lettered, and its offset stays uncommitted,
 * so whoever holds the partition next processes it.
 */
export class ConsumerStopping extends Error {
  constructor(cause: unknown) {
    super('consumer stopping or rebalancing while an event waits for another attempt', { cause });
    this.name = 'ConsumerStopping';
  }
}

/**
 * Whether Postgres answers right now. An error that looks like a lost connection may come from
 * elsewhere; only when the database really is unreachable does an event wait without limit.
 */
async function databaseAnswers(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Builds the per-record callback of one consumer group. For each record: decode and validate,
 * then in ONE transaction claim the inbox row and apply the handler; the offset is committed by
 * the caller only after this resolves. Transient failures are retried with backoff; a record
 * that can never succeed, or keeps failing, is dead-lettered so its partition moves on.
 */
export function createMessageProcessor(deps: ProcessorDeps): MessageCallback {
  const { db, group, metrics, retry } = deps;
  const sleep = deps.sleep ?? defaultSleep;

  function handlerFor(event: AnyEvent): EventHandler<AnyEvent['type']> {
    const handler = group.handlers[event.type];
    if (!handler) {
      throw new DomainError(
        'unhandled_event_type',
        `${group.name} has no handler for ${event.type}`,
      );
    }
    return handler as EventHandler<AnyEvent['type']>;
  }

  async function apply(
    handler: EventHandler<AnyEvent['type']>,
    event: AnyEvent,
    message: InboundMessage,
    context: HandlerContext,
  ) {
    return db.transaction(async (tx) => {
      const claimed = await recordInbox(tx, {
        consumerGroup: group.groupId,
        eventId: event.id,
        eventType: event.type,
        topic: message.topic,
        partition: message.partition,
        offset: message.offset,
      });
      if (!claimed) return 'duplicate' as const;
      await handler(tx, event as never, context);
      return 'applied' as const;
    });
  }

  return async function processMessage(message, { heartbeat, isRunning }) {
    // Waits between attempts with heartbeats around. A heartbeat that fails means the group is
    // rebalancing and this partition may be gone: give the record back (uncommitted) rather
    // than dead-letter it.
    const pause = async (ms: number) => {
      for (const step of [() => heartbeat(), () => sleep(ms), () => heartbeat()]) {
        try {
          await step();
        } catch (error) {
          throw new ConsumerStopping(error);
        }
      }
    };
    const startedAt = performance.now();
    const fields = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      eventId: claimedEventId(message),
      type: message.headers.eventType,
    };
    let attempts = 0;
    let outageRetries = 0;
    let outcome: Outcome;
    let failure: unknown;

    try {
      const event = decodeEvent(message);
      const handler = handlerFor(event);
      for (;;) {
        const lastAttempt = attempts + 1 >= retry.maxAttempts;
        try {
          outcome = await apply(handler, event, message, {
            logger: deps.logger.child(fields),
            lastAttempt,
          });
          attempts += 1;
          break;
        } catch (error) {
          if (isDatabaseUnavailable(error) && !(await databaseAnswers(db))) {
            // Postgres is down or restarting: no event can succeed meanwhile, so this one keeps
            // its attempts and its partition waits (heartbeats keep the group membership).
            // Dead-lettering it would take it out of the pipeline for an outage it did not cause.
            if (!isRunning()) throw new ConsumerStopping(error);
            outageRetries += 1;
            if (outageRetries === 1 || outageRetries % 20 === 0) {
              deps.logger.warn(
                { ...fields, outageRetries, err: describeError(error) },
                'database unavailable; event waits',
              );
            }
            await pause(retryDelayMs(Math.min(outageRetries, 4), retry));
            continue;
          }
          attempts += 1;
          if (lastAttempt || !isTransient(error)) throw error;
          deps.logger.warn(
            { ...fields, attempts, err: describeError(error) },
            'event attempt failed',
          );
          await pause(retryDelayMs(attempts, retry));
        }
      }
      if (outcome === 'applied') deps.afterCommit?.(event.id);
    } catch (error) {
      if (error instanceof ConsumerStopping) throw error;
      failure = error;
      // If publishing the dead letter fails, this throws and the record is fetched again.
      await deps.publish([toDeadLetter(message, { error, attempts, eventId: fields.eventId })]);
      outcome = 'dead_lettered';
    }

    const durationMs = Math.round(performance.now() - startedAt);
    const type = fields.type ?? 'unknown';
    metrics.observe({ group: group.groupId, type, outcome, durationMs });
    const logFields = { ...fields, outcome, attempts, durationMs };
    if (failure)
      deps.logger.error({ ...logFields, err: describeError(failure) }, 'event processed');
    else deps.logger.info(logFields, 'event processed');
  };
}
