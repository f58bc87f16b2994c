import type { AnyEvent } from '../events';
import type { NotificationOrigin } from './discord/enqueue';

/** Ties a handler's notifications to the event and aggregate they report on. */
export function notificationOrigin(
  event: AnyEvent,
  aggregateType: string,
  aggregateId: string,
): NotificationOrigin {
  return { eventId: event.id, eventType: event.type, aggregateType, aggregateId };
}
