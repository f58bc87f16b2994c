import type { Db } from '../db/client';
import type { Logger } from '../lib/logger';
import type { Adapters } from './adapters/adapters';
import { createContactHandler } from './contacts/contact-handler';
import type { ConsumerGroupSpec } from './consumer/event-handler';
import { createMachineHandler } from './machines/machine-handler';
import type { RestrictedArea } from './machines/restricted-areas';
import { createRequestHandler } from './requests/request-handler';

export const workerGroupNames = ['contact', 'request', 'machine'] as const;
export type WorkerGroupName = (typeof workerGroupNames)[number];

/** The consumer group of one aggregate type: `<groupPrefix>-<name>-processor`. */
export function consumerGroupId(groupPrefix: string, name: string): string {
  return `${groupPrefix}-${name}-processor`;
}

/**
 * The three consumer groups. Topic `<topicPrefix>.<name>.events` and group
 * `<groupPrefix>-<name>-processor`; the defaults (`sipeat`) give the production names, tests
 * pass prefixes of their own.
 */
export function createWorkerGroups(options: {
  names: readonly WorkerGroupName[];
  topicPrefix?: string;
  groupPrefix?: string;
  db: Db;
  adapters: Adapters;
  logger: Logger;
  restrictedAreas: RestrictedArea[];
  initialStock?: number;
  now?: () => Date;
}): ConsumerGroupSpec[] {
  const topicPrefix = options.topicPrefix ?? 'sipeat';
  const groupPrefix = options.groupPrefix ?? 'sipeat';
  const { adapters } = options;

  const handlers = {
    contact: { 'contact.created': createContactHandler({ db: options.db, adapters }) },
    request: { 'request.created': createRequestHandler({ adapters, logger: options.logger }) },
    machine: {
      'machine.created': createMachineHandler({
        adapters,
        restrictedAreas: options.restrictedAreas,
        initialStock: options.initialStock ?? 20,
        now: options.now ?? (() => new Date()),
      }),
    },
  };

  return options.names.map((name) => ({
    name,
    topic: `${topicPrefix}.${name}.events`,
    groupId: consumerGroupId(groupPrefix, name),
    handlers: handlers[name],
  }));
}
