import { DomainError, describeError } from '../../lib/errors';
import type { InboundMessage, OutboundMessage } from './inbound-message';

export const deadLetterHeaders = {
  error: 'dlq-error',
  topic: 'dlq-original-topic',
  partition: 'dlq-original-partition',
  offset: 'dlq-original-offset',
  attempts: 'dlq-attempts',
  eventId: 'dlq-event-id',
} as const;

export function deadLetterTopicFor(topic: string): string {
  return `${topic}.dlq`;
}

/**
 * The dead letter of a record: the original key, value and headers untouched (so a replay is
 * byte-for-byte the original), plus headers saying where it came from and why it failed.
 */
export function toDeadLetter(
  message: InboundMessage,
  failure: { error: unknown; attempts: number; eventId: string | undefined },
): OutboundMessage {
  return {
    topic: deadLetterTopicFor(message.topic),
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      [deadLetterHeaders.error]: errorHeader(failure.error),
      [deadLetterHeaders.topic]: message.topic,
      [deadLetterHeaders.partition]: String(message.partition),
      [deadLetterHeaders.offset]: message.offset,
      [deadLetterHeaders.attempts]: String(failure.attempts),
      ...(failure.eventId ? { [deadLetterHeaders.eventId]: failure.eventId } : {}),
    },
  };
}

/** The record a dead letter came from, for replay: original topic, key, value and headers. */
export function fromDeadLetter(deadLetter: InboundMessage): OutboundMessage {
  const original = deadLetter.headers[deadLetterHeaders.topic];
  if (!original) throw new Error(`dead letter at offset ${deadLetter.offset} names no topic`);
  const dlqNames = new Set<string>(Object.values(deadLetterHeaders));
  const headers = Object.fromEntries(
    Object.entries(deadLetter.headers).filter(([name]) => !dlqNames.has(name)),
  );
  return { topic: original, key: deadLetter.key, value: deadLetter.value, headers };
}

/** `code: Name: message` for domain errors, so tools can filter on the stable code. */
function errorHeader(error: unknown): string {
  const text = describeError(error);
  return (error instanceof DomainError ? `${error.code}: ${text}` : text).slice(0, 1_000);
}
