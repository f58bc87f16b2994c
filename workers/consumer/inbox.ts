import type { Tx } from '../../db/client';
import { inbox } from '../../db/schema';

export type InboxEntry = {
  consumerGroup: string;
  eventId: string;
  eventType: string;
  topic: string;
  partition: number;
  offset: string;
};

/**
 * Claims an event for a consumer group inside the handler's transaction. Returns false when
 * the group already applied it: the caller must then skip the handler. Two workers racing on
 * the same event serialise on the primary key; the loser sees false once the winner commits.
 */
export async function recordInbox(tx: Tx, entry: InboxEntry): Promise<boolean> {
  const inserted = await tx
    .insert(inbox)
    .values({ ...entry, offset: BigInt(entry.offset) })
    .onConflictDoNothing()
    .returning({ eventId: inbox.eventId });
  return inserted.length > 0;
}
