import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { contacts } from '../../db/schema';
import { addRoute } from '../http/add-route';
import {
  idempotencyKeyHeader,
  idParam,
  postProblems,
  problemResponses,
} from '../http/problem-schema';
import { resourceId, resourceNotFound } from '../http/resource-id';
import { createHandler, type WriteDeps } from '../persistence/create-handler';
import { contactInput, contactView, toContactView } from './contact-schema';
import { contactWriter } from './contact-writer';

export function contactRoutes(app: OpenAPIHono, deps: WriteDeps): void {
  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/contacts',
      tags: ['contacts'],
      summary: 'Leave contact details for the sales team',
      request: {
        headers: z.object({ 'idempotency-key': idempotencyKeyHeader }),
        body: { required: true, content: { 'application/json': { schema: contactInput } } },
      },
      responses: {
        201: {
          description: 'Created; the contact.created event is committed with it',
          headers: z.object({ location: z.string() }),
          content: { 'application/json': { schema: contactView } },
        },
        ...postProblems,
      },
    }),
    createHandler(deps, contactWriter),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/contacts/{id}',
      tags: ['contacts'],
      summary: 'One contact, with its lead score once computed',
      request: { params: idParam },
      responses: {
        200: {
          description: 'The contact',
          content: { 'application/json': { schema: contactView } },
        },
        ...problemResponses({ 404: 'No such contact' }),
      },
    }),
    async function getContact(c) {
      const id = resourceId(c.req.param('id') ?? '', 'contact');
      const [row] = await deps.db.select().from(contacts).where(eq(contacts.id, id));
      if (!row) throw resourceNotFound('contact', id);
      return c.json(toContactView(row));
    },
  );
}
