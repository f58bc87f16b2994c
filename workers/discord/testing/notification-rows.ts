import { randomUUID } from 'node:crypto';
import type { Database } from '../../../db/client';
import type { NotificationMessage } from '../../../db/schema';
import { enqueueNotifications } from '../enqueue';
import { testAggregatePrefix } from '../notification-store';

/**
 * A private aggregate type per test: the test's dispatcher sees only its own rows, and
 * dispatchers without a scope (`npm start`, benchmarks) on the same database leave them alone.
 */
export function testAggregateType(): string {
  return `${testAggregatePrefix}${randomUUID()}`;
}

export function sampleMessage(title: string): NotificationMessage {
  return {
    kind: 'test.outcome',
    outcome: 'success',
    title,
    fields: [{ name: 'Title', value: title }],
  };
}

/** Writes rows the way handlers do: through enqueueNotifications, in a transaction. */
export async function writeNotifications(
  database: Database,
  aggregateType: string,
  rows: { aggregateId: string; title: string }[],
): Promise<void> {
  await database.db.transaction(async (tx) => {
    for (const row of rows) {
      await enqueueNotifications(
        tx,
        {
          eventId: randomUUID(),
          eventType: 'test.created',
          aggregateType,
          aggregateId: row.aggregateId,
        },
        [sampleMessage(row.title)],
      );
    }
  });
}

/** The first field's value of each message the mock accepted, in arrival order. */
export function receivedTitles(received: { payload: unknown }[]): string[] {
  return received.map(
    (m) =>
      (m.payload as { embeds: { fields: { value: string }[] }[] }).embeds[0]?.fields[0]?.value ??
      '',
  );
}
