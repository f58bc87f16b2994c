import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../lib/logger';
import { routeLabel } from './route-label';

/** One line per request: id, method, route pattern, status, duration. Never bodies or queries. */
export function accessLog(logger: Logger): MiddlewareHandler {
  return async function logRequest(c, next) {
    const startedAt = performance.now();
    await next();
    // Skips building the line at all when info is off (the write bench runs at warn).
    if (!logger.isLevelEnabled('info')) return;
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        route: routeLabel(c),
        status: c.res.status,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
      },
      'request',
    );
  };
}
