import type { Tx } from '../../db/client';
import type { EventOf, EventType } from '../../events';
import type { Logger } from '../../lib/logger';

export type HandlerContext = {
  logger: Logger;
  /**
   * True on the last attempt the runner will make. Handlers that would otherwise let a
   * retriable failure escape settle it instead (compensate, record a failed outcome), so an
   * outside timeout ends as a visible business outcome rather than in the dead-letter topic.
   */
  lastAttempt: boolean;
};

/** Applies one event inside the consumer's transaction, next to its inbox row. */
export type EventHandler<T extends EventType> = (
  tx: Tx,
  event: EventOf<T>,
  context: HandlerContext,
) => Promise<void>;

export type EventHandlers = { [T in EventType]?: EventHandler<T> };

/** One consumer group: the topic it reads, its group id, and what it does with each type. */
export type ConsumerGroupSpec = {
  name: string;
  topic: string;
  groupId: string;
  handlers: EventHandlers;
};
