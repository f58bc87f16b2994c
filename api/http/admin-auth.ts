import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpProblem } from './problem';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Requires `Authorization: Bearer <adminToken>`. Both sides are hashed first so the comparison
 * is constant-time whatever the presented length.
 */
export function requireAdmin(adminToken: string): MiddlewareHandler {
  if (adminToken.length < 16)
    throw new Error('requireAdmin: adminToken must be at least 16 characters');
  const expected = digest(adminToken);

  return async function requireAdminToken(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    const presented = match?.[1];
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      throw new HttpProblem(401, {
        title: 'Unauthorized',
        detail: 'this route needs the admin bearer token',
        headers: { 'www-authenticate': 'Bearer realm="sipeat-admin"' },
      });
    }
    await next();
  };
}
