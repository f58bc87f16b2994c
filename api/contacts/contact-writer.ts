import { buildEvent } from '../../events/registry';
import { entityWithEventStatements, type EntityInsert } from '../persistence/entity-with-event-sql';
import type { ResourceWriter } from '../persistence/create-handler';
import { contactInput, contactView, type ContactInput, type ContactView } from './contact-schema';

const insertContact: EntityInsert = {
  table: 'contacts',
  columns: ['id', 'name', 'email', 'phone', 'company_name', 'message', 'created_at'],
  values: [
    '$1::uuid',
    '$2::text',
    '$3::text',
    '$4::text',
    '$5::text',
    '$6::text',
    '$7::timestamptz',
  ],
  paramCount: 7,
};

/** POST /contacts: the contact row and its contact.created event. */
export const contactWriter: ResourceWriter<ContactInput, ContactView> = {
  scope: 'POST /contacts',
  noun: 'contact',
  input: contactInput,
  view: contactView,
  statements: entityWithEventStatements('contact', insertContact),

  prepare(input, { now, newId }) {
    const id = newId();
    const view: ContactView = {
      id,
      name: input.name,
      email: input.email,
      phone: input.phone,
      companyName: input.companyName,
      message: input.message,
      leadScore: null,
      createdAt: now.toISOString(),
    };
    const event = buildEvent(
      'contact.created',
      id,
      {
        contactId: id,
        name: input.name,
        email: input.email,
        phone: input.phone,
        companyName: input.companyName,
        message: input.message,
      },
      { now: () => now, newId },
    );
    const entityParams = [
      id,
      input.name,
      input.email,
      input.phone,
      input.companyName,
      input.message,
      now.toISOString(),
    ];
    return { entityParams, event, view, location: `/contacts/${id}` };
  },
};
