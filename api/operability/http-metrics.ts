import type { MiddlewareHandler } from 'hono';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { routeLabel } from '../http/route-label';

export type HttpMetrics = { registry: Registry; middleware: MiddlewareHandler };

/** A registry of its own per app, so two apps in one process (tests) never share counters. */
export function createHttpMetrics(): HttpMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern and status',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const middleware: MiddlewareHandler = async function measureRequest(c, next) {
    const startedAt = performance.now();
    await next();
    const labels = { method: c.req.method, route: routeLabel(c), status: String(c.res.status) };
    requests.inc(labels);
    duration.observe(labels, (performance.now() - startedAt) / 1000);
  };
  return { registry, middleware };
}
