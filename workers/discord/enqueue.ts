import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/client';
import { notifications, type NotificationMessage } from '../../db/schema';

export type NotificationOrigin = {
  eventId: string;
  eventType: string;
  aggregateType: string;
  aggregateId: string;
};

/**
 * Queues Discord notifications inside the handler's transaction, so an outcome and its
 * announcement commit together or not at all. The dispatcher delivers them later; a trigger on
 * the table wakes it at commit (migration 0005).
 */
export async function enqueueNotifications(
  tx: Tx,
  origin: NotificationOrigin,
  messages: NotificationMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  await tx
    .insert(notifications)
    .values(messages.map((message) => ({ id: randomUUID(), ...origin, message })));
}
