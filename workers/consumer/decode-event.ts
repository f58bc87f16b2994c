import { DomainError } from '../../lib/errors';
import { eventDefinitions, parseEvent, type AnyEvent } from '../../events';
import type { InboundMessage } from './inbound-message';

/**
 * Turns a record into a validated event. Every failure here is permanent (the same bytes will
 * never parse), so it carries `retriable: false` and sends the record to the dead-letter topic.
 * Debezium's outbox router puts the event id in header `id` and the type in `eventType`; the
 * envelope repeats both, and the two must agree.
 */
export function decodeEvent(message: InboundMessage): AnyEvent {
  if (message.value === null || message.value.length === 0) {
    throw new DomainError('empty_value', 'the record has no value');
  }

  let value: unknown;
  try {
    value = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new DomainError('malformed_json', 'the record value is not JSON', { cause: error });
  }

  const claimedType = message.headers.eventType ?? (value as { type?: unknown } | null)?.type;
  if (typeof claimedType !== 'string' || !(claimedType in eventDefinitions)) {
    throw new DomainError('unknown_event_type', `unknown event type ${String(claimedType)}`);
  }

  let event: AnyEvent;
  try {
    event = parseEvent(value);
  } catch (error) {
    throw new DomainError('invalid_event', `event does not match the ${claimedType} schema`, {
      cause: error,
    });
  }

  const headerId = message.headers.id;
  if (event.type !== claimedType || (headerId !== undefined && headerId !== event.id)) {
    throw new DomainError('header_mismatch', 'headers and envelope disagree on id or type');
  }
  return event;
}

/** The event id a record claims, for dead-letter headers, even when the record does not parse. */
export function claimedEventId(message: InboundMessage): string | undefined {
  if (message.headers.id) return message.headers.id;
  try {
    const id = (JSON.parse(message.value?.toString('utf8') ?? 'null') as { id?: unknown })?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
