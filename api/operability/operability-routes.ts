import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { addRoute } from '../http/add-route';
import { HttpProblem, problemTypes } from '../http/problem';
import { problemResponses } from '../http/problem-schema';
import type { HttpMetrics } from './http-metrics';

const status = z.object({ status: z.literal('ok') }).meta({ id: 'HealthStatus' });

/** /healthz, /readyz, /metrics, and the API's own description at /openapi.json and /docs. */
export function operabilityRoutes(app: OpenAPIHono, deps: { db: Db; metrics: HttpMetrics }): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/healthz',
      tags: ['operations'],
      summary: 'The process is up',
      responses: {
        200: { description: 'Up', content: { 'application/json': { schema: status } } },
      },
    }),
    (c) => c.json({ status: 'ok' as const }),
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/readyz',
      tags: ['operations'],
      summary: 'The database answers',
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: status } } },
        ...problemResponses({ 503: 'The database does not answer' }),
      },
    }),
    async function ready(c) {
      try {
        await deps.db.execute(sql`select 1`);
      } catch (error) {
        throw new HttpProblem(503, {
          type: problemTypes.unavailable,
          title: 'Service Unavailable',
          detail: 'the database does not answer',
          cause: error,
        });
      }
      return c.json({ status: 'ok' as const });
    },
  );

  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['operations'],
      summary: 'Prometheus metrics',
      responses: {
        200: {
          description: 'Prometheus text format',
          content: { 'text/plain': { schema: z.string() } },
        },
      },
    }),
    async function metrics(c) {
      return c.body(await deps.metrics.registry.metrics(), 200, {
        'content-type': deps.metrics.registry.contentType,
      });
    },
  );

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'SipEat API',
      version: '1.0.0',
      description:
        'Every POST commits its entity and its event together. Errors are RFC 9457 ' +
        'problem+json. Money is integer cents; ids are uuid strings.',
    },
  });
  app.get('/docs', Scalar({ url: '/openapi.json', pageTitle: 'SipEat API' }));
}
