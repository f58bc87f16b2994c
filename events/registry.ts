import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { contactCreated } from './contact-created';
import { eventSource, type AggregateType } from './envelope';
import { machineCreated } from './machine-created';
import { requestCreated } from './request-created';

/** Every event type the platform knows, by type name: the single source of truth. */
export const eventDefinitions = {
  [contactCreated.type]: contactCreated,
  [requestCreated.type]: requestCreated,
  [machineCreated.type]: machineCreated,
} as const;

export type EventType = keyof typeof eventDefinitions;
export type EventOf<T extends EventType> = z.infer<(typeof eventDefinitions)[T]['schema']>;
export type AnyEvent = { [T in EventType]: EventOf<T> }[EventType];
export type EventData<T extends EventType> = EventOf<T>['data'];

export const anyEventSchema = z.discriminatedUnion('type', [
  contactCreated.schema,
  requestCreated.schema,
  machineCreated.schema,
]);

/** An event ready to go into the outbox, with the columns the connector routes by. */
export type OutboxEvent = {
  id: string;
  aggregatetype: AggregateType;
  aggregateid: string;
  type: EventType;
  payload: AnyEvent;
};

/**
 * Builds and validates an event. Nothing writes an outbox row from hand-assembled JSON: the
 * payload passes its own schema here, so a bad event fails in the API, not in a worker.
 */
export function buildEvent<T extends EventType>(
  type: T,
  aggregateId: string,
  data: EventData<T>,
  deps: { now?: () => Date; newId?: () => string } = {},
): OutboxEvent {
  const definition = eventDefinitions[type];
  const id = (deps.newId ?? randomUUID)();
  const payload = definition.schema.parse({
    id,
    type,
    version: definition.version,
    timestamp: (deps.now ?? (() => new Date()))().toISOString(),
    source: eventSource,
    data,
  }) as AnyEvent;
  return { id, aggregatetype: definition.aggregateType, aggregateid: aggregateId, type, payload };
}

/** Validates a decoded message against the schema of the type it claims to be. */
export function parseEvent(value: unknown): AnyEvent {
  return anyEventSchema.parse(value) as AnyEvent;
}
