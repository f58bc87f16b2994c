import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { drinks } from '../../db/schema';
import { addRoute } from '../http/add-route';

export const drinkView = z
  .object({
    id: z.string(),
    name: z.string(),
    priceCents: z.number().int().meta({ description: 'Integer cents, premium surcharge included' }),
    premium: z.boolean(),
  })
  .meta({ id: 'Drink' });

export function drinkRoutes(app: OpenAPIHono, deps: { db: Db }): void {
  addRoute(
    app,
    createRoute({
      method: 'get',
      path: '/drinks',
      tags: ['drinks'],
      summary: 'The drinks catalogue',
      responses: {
        200: {
          description: 'Every drink, by id',
          content: { 'application/json': { schema: z.object({ items: z.array(drinkView) }) } },
        },
      },
    }),
    async function listDrinks(c) {
      const rows = await deps.db.select().from(drinks).orderBy(asc(drinks.id));
      return c.json({ items: rows });
    },
  );
}
