import { buildEvent } from '../../events/registry';
import { entityWithEventStatements, type EntityInsert } from '../persistence/entity-with-event-sql';
import type { ResourceWriter } from '../persistence/create-handler';
import { machineInput, machineView, type MachineInput, type MachineView } from './machine-schema';

const insertMachine: EntityInsert = {
  table: 'machines',
  columns: ['id', 'name', 'country', 'city', 'street', 'status', 'created_at', 'updated_at'],
  values: [
    '$1::uuid',
    '$2::text',
    '$3::text',
    '$4::text',
    '$5::text',
    `'provisioning'`,
    '$6::timestamptz',
    '$6::timestamptz',
  ],
  paramCount: 6,
};

/** POST /machines: the machine (provisioning until the worker sets it up) and machine.created. */
export const machineWriter: ResourceWriter<MachineInput, MachineView> = {
  scope: 'POST /machines',
  noun: 'machine',
  input: machineInput,
  view: machineView,
  statements: entityWithEventStatements('machine', insertMachine),

  prepare(input, { now, newId }) {
    const id = newId();
    const at = now.toISOString();
    const view: MachineView = {
      id,
      name: input.name,
      country: input.country,
      city: input.city,
      street: input.street,
      status: 'provisioning',
      failureReason: null,
      createdAt: at,
      updatedAt: at,
    };
    const event = buildEvent(
      'machine.created',
      id,
      {
        machineId: id,
        name: input.name,
        country: input.country,
        city: input.city,
        street: input.street,
      },
      { now: () => now, newId },
    );
    const entityParams = [id, input.name, input.country, input.city, input.street, at];
    return { entityParams, event, view, location: `/machines/${id}` };
  },
};
