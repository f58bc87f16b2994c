import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { Handler, MiddlewareHandler } from 'hono';

/**
 * Registers a route twice from one definition: in the OpenAPI document (built from the same zod
 * schemas the handler validates with) and in the router. Handlers validate their own input so
 * that content type, size and JSON errors get our answers, not a validator's defaults.
 */
export function addRoute(
  app: OpenAPIHono,
  route: RouteConfig,
  ...handlers: [...MiddlewareHandler[], Handler]
): void {
  app.openAPIRegistry.registerPath(route);
  app.on([route.method.toUpperCase()], [route.path.replace(/\{(\w+)\}/g, ':$1')], ...handlers);
}
