import { randomUUID } from 'node:crypto';
import { OpenAPIHono } from '@hono/zod-openapi';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { requestId } from 'hono/request-id';
import type { Db } from '../db/client';
import type { Logger } from '../lib/logger';
import { contactRoutes } from './contacts/contact-routes';
import { drinkRoutes } from './drinks/drink-routes';
import { accessLog } from './http/access-log';
import { HttpProblem } from './http/problem';
import { problemHandlers, problemResponse } from './http/problem-handlers';
import { machineRoutes } from './machines/machine-routes';
import { createHttpMetrics } from './operability/http-metrics';
import { operabilityRoutes } from './operability/operability-routes';
import { sqlClientOf } from './persistence/sql-client';
import { requestRoutes } from './requests/request-routes';

export type AppOptions = {
  db: Db;
  logger: Logger;
  /** The bearer token POST /machines requires; at least 16 characters. */
  adminToken: string;
  clock?: () => Date;
  /** Ids for entities and events; a POST calls it for the entity first, then for its event. */
  newId?: () => string;
};

/**
 * Builds the HTTP API. Reads no environment: everything arrives in `options`, so tests build
 * as many apps as they like, each with its own metrics registry.
 */
export function createApp({
  db,
  logger,
  adminToken,
  clock = () => new Date(),
  newId = randomUUID,
}: AppOptions) {
  if (!db) throw new Error('createApp: the `db` option is required');
  if (!logger) throw new Error('createApp: the `logger` option is required');
  if (typeof adminToken !== 'string' || adminToken.length < 16) {
    throw new Error('createApp: the `adminToken` option must be at least 16 characters');
  }

  const log = logger.child({ component: 'http' });
  const metrics = createHttpMetrics();
  const app = new OpenAPIHono();
  const { onError, notFound } = problemHandlers(log);

  app.use(requestId());
  app.use(accessLog(log));
  app.use(metrics.middleware);
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        problemResponse(
          c,
          new HttpProblem(405, {
            title: 'Method Not Allowed',
            detail: `${c.req.method} is not allowed here; use ${methods.join(', ')}`,
            headers: { allow: methods.join(', ') },
          }),
        ),
    }),
  );
  app.onError(onError);
  app.notFound(notFound);

  const deps = { db, sql: sqlClientOf(db), clock, newId };
  contactRoutes(app, deps);
  requestRoutes(app, deps);
  machineRoutes(app, { ...deps, adminToken });
  drinkRoutes(app, deps);
  operabilityRoutes(app, { db, metrics });

  return app;
}

export type App = ReturnType<typeof createApp>;
