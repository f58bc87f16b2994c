import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

/**
 * The route pattern that answered ('/requests/:id'), so labels and logs never carry ids.
 * Middleware are registered for ALL methods; the handler is the last route with a method.
 */
export function routeLabel(c: Context): string {
  const handlers = matchedRoutes(c).filter((route) => route.method !== 'ALL');
  return handlers.at(-1)?.path ?? 'unmatched';
}
