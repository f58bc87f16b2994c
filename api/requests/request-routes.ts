import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { drinkRequests } from '../../db/schema';
import { addRoute } from '../http/add-route';
import {
  idempotencyKeyHeader,
  idParam,
  postProblems,
  problemResponses,
} from '../http/problem-schema';
import { resourceId, resourceNotFound } from '../http/resource-id';
import { createHandler, type WriteDeps } from '../persistence/create-handler';
import { requestInput, requestView, toRequestView } from './request-schema';
import { requestWriter } from './request-writer';

export function requestRoutes(app: OpenAPIHono, deps: WriteDeps): void {
  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/requests',
      tags: ['requests'],
      summary: 'Order a drink at a machine; it is paid and dispensed asynchronously',
      request: {
        headers: z.object({ 'idempotency-key': idempotencyKeyHeader }),
        body: { required: true, content: { 'application/json': { schema: requestInput } } },
      },
      responses: {
        201: {
          description: 'Accepted as pending; request.created is committed with it',
          headers: z.object({ location: z.string() }),
          content: { 'application/json': { schema: requestView } },
        },
        ...postProblems,
      },
    }),
    createHandler(deps, requestWriter),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/requests/{id}',
      tags: ['requests'],
      summary: 'A drink request: its status and, when it did not complete, why',
      request: { params: idParam },
      responses: {
        200: {
          description: 'The request',
          content: { 'application/json': { schema: requestView } },
        },
        ...problemResponses({ 404: 'No such request' }),
      },
    }),
    async function getRequest(c) {
      const id = resourceId(c.req.param('id') ?? '', 'drink request');
      const [row] = await deps.db.select().from(drinkRequests).where(eq(drinkRequests.id, id));
      if (!row) throw resourceNotFound('drink request', id);
      return c.json(toRequestView(row));
    },
  );
}
