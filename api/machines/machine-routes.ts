import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { asc, eq, gt } from 'drizzle-orm';
import { z } from 'zod';
import { machines } from '../../db/schema';
import { requireAdmin } from '../http/admin-auth';
import { addRoute } from '../http/add-route';
import {
  idempotencyKeyHeader,
  idParam,
  postProblems,
  problemResponses,
} from '../http/problem-schema';
import { resourceId, resourceNotFound } from '../http/resource-id';
import { parseInput } from '../http/validation';
import { createHandler, type WriteDeps } from '../persistence/create-handler';
import {
  machineInput,
  machineListQuery,
  machinePage,
  machineView,
  toMachineView,
} from './machine-schema';
import { machineWriter } from './machine-writer';

export function machineRoutes(app: OpenAPIHono, deps: WriteDeps & { adminToken: string }): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'adminToken', {
    type: 'http',
    scheme: 'bearer',
  });

  addRoute(
    app,
    createRoute({
      method: 'post',
      path: '/machines',
      tags: ['machines'],
      summary: 'Register a machine (admin); it is provisioned asynchronously',
      security: [{ adminToken: [] }],
      request: {
        headers: z.object({ 'idempotency-key': idempotencyKeyHeader }),
        body: { required: true, content: { 'application/json': { schema: machineInput } } },
      },
      responses: {
        201: {
          description: 'Created with status provisioning; machine.created is committed with it',
          headers: z.object({ location: z.string() }),
          content: { 'application/json': { schema: machineView } },
        },
        ...postProblems,
        ...problemResponses({ 401: 'Missing or wrong admin bearer token' }),
      },
    }),
    requireAdmin(deps.adminToken),
    createHandler(deps, machineWriter),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/machines/{id}',
      tags: ['machines'],
      summary: 'One machine and its provisioning status',
      request: { params: idParam },
      responses: {
        200: {
          description: 'The machine',
          content: { 'application/json': { schema: machineView } },
        },
        ...problemResponses({ 404: 'No such machine' }),
      },
    }),
    async function getMachine(c) {
      const id = resourceId(c.req.param('id') ?? '', 'machine');
      const [row] = await deps.db.select().from(machines).where(eq(machines.id, id));
      if (!row) throw resourceNotFound('machine', id);
      return c.json(toMachineView(row));
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/machines',
      tags: ['machines'],
      summary: 'Machines ordered by id, a page at a time',
      request: { query: machineListQuery },
      responses: {
        200: { description: 'One page', content: { 'application/json': { schema: machinePage } } },
        ...problemResponses({ 422: 'Bad limit or cursor' }),
      },
    }),
    async function listMachines(c) {
      const query = parseInput(machineListQuery, c.req.query(), 'query');
      // Keyset on the primary key: pages stay complete and stable while machines are added.
      const rows = await deps.db
        .select()
        .from(machines)
        .where(query.cursor ? gt(machines.id, query.cursor) : undefined)
        .orderBy(asc(machines.id))
        .limit(query.limit + 1);
      const page = rows.slice(0, query.limit);
      const nextCursor = rows.length > query.limit ? (page.at(-1)?.id ?? null) : null;
      return c.json({ items: page.map(toMachineView), nextCursor });
    },
  );
}
