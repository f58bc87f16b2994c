import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { contactStrategyRuns, type NotificationMessage } from '../../db/schema';
import { describeError, DomainError, isRetriable } from '../../lib/errors';
import type { Adapters } from '../adapters/adapters';
import type { EventHandler } from '../consumer/event-handler';
import { enqueueNotifications } from '../discord/enqueue';
import { notificationOrigin } from '../notification-origin';
import type { ContactStrategy } from './contact-strategy';
import { crmUpdateStrategy } from './crm-update-strategy';
import { salesAlertStrategy } from './sales-alert-strategy';
import { welcomeEmailStrategy } from './welcome-email-strategy';

type StrategyOutcome = { name: string; ok: boolean; detail: string; error?: unknown };

export function contactStrategies(adapters: Adapters): ContactStrategy[] {
  return [
    welcomeEmailStrategy({ mail: adapters.mail, timeoutMs: adapters.timeoutMs }),
    salesAlertStrategy(),
    crmUpdateStrategy({ crm: adapters.crm, timeoutMs: adapters.timeoutMs }),
  ];
}

async function recordRun(executor: Executor, eventId: string, strategy: string): Promise<void> {
  await executor.insert(contactStrategyRuns).values({ eventId, strategy }).onConflictDoNothing();
}

function summary(contactId: string, outcomes: StrategyOutcome[]): NotificationMessage {
  const failed = outcomes.filter((o) => !o.ok);
  return {
    kind: 'contact.processed',
    outcome: failed.length === 0 ? 'success' : 'failure',
    title: failed.length === 0 ? 'New contact processed' : 'New contact processed with failures',
    fields: [
      { name: 'Contact', value: contactId },
      ...outcomes.map((o) => ({ name: o.name, value: o.ok ? o.detail : `failed: ${o.detail}` })),
    ],
    ...(failed.length > 0 ? { error: failed.map((o) => o.name).join(', ') } : {}),
  };
}

/**
 * Handles `contact.created` with independent strategies: each runs whatever the others do, a
 * transaction strategy inside a savepoint so its failure leaves the transaction usable. A
 * strategy that completed for this event before (see ContactStrategy) is skipped. A retriable
 * failure makes the whole event go round again, except on the last attempt, where it is
 * reported as failed in the outcome notification like any other.
 */
export function createContactHandler(options: {
  db: Db;
  adapters: Adapters;
}): EventHandler<'contact.created'> {
  const strategies = contactStrategies(options.adapters);

  return async function handleContactCreated(tx, event, context) {
    const done = new Set(
      (
        await tx
          .select({ strategy: contactStrategyRuns.strategy })
          .from(contactStrategyRuns)
          .where(eq(contactStrategyRuns.eventId, event.id))
      ).map((row) => row.strategy),
    );

    const outcomes: StrategyOutcome[] = [];
    for (const strategy of strategies) {
      if (done.has(strategy.name)) {
        outcomes.push({ name: strategy.name, ok: true, detail: 'done on an earlier attempt' });
        continue;
      }
      try {
        const detail =
          strategy.effects === 'transaction'
            ? await tx.transaction(async (savepoint) => {
                const result = await strategy.run(savepoint, event);
                await recordRun(savepoint, event.id, strategy.name);
                return result;
              })
            : await strategy.run(tx, event);
        if (strategy.effects === 'outside') await recordRun(options.db, event.id, strategy.name);
        outcomes.push({ name: strategy.name, ok: true, detail });
      } catch (error) {
        context.logger.warn(
          { strategy: strategy.name, err: describeError(error) },
          'contact strategy failed',
        );
        outcomes.push({ name: strategy.name, ok: false, detail: describeError(error), error });
      }
    }

    const retriable = outcomes.find((o) => !o.ok && isRetriable(o.error));
    if (retriable && !context.lastAttempt) {
      throw new DomainError('contact_strategy_retry', `${retriable.name} may succeed on retry`, {
        retriable: true,
        cause: retriable.error,
      });
    }
    await enqueueNotifications(tx, notificationOrigin(event, 'contact', event.data.contactId), [
      summary(event.data.contactId, outcomes),
    ]);
  };
}
