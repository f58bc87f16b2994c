import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import type { Producer } from 'kafkajs';
import type pg from 'pg';
import { requestInput } from '../../api/requests/request-schema';
import { buildEvent } from '../../events/registry';
import { describeError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';

/**
 * POST /requests as the original design wrote it, for comparison only: insert the drink request
 * (no outbox row), then await a Kafka send of its event inside the request. As in the original,
 * a failed send is logged and the customer still gets 201, so a broker outage between the two
 * writes leaves an accepted request that no event will ever announce. Never use outside bench.
 */
export function createDualWriteApp(options: {
  pool: pg.Pool;
  producer: Producer;
  topic: string;
  logger: Logger;
}) {
  const { pool, producer, topic, logger } = options;
  const app = new Hono();

  app.get('/readyz', (c) => c.json({ ready: true }));

  app.post('/requests', async function postRequestDualWrite(c) {
    const parsed = requestInput.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ title: 'invalid request' }, 422);
    const input = parsed.data;

    const id = randomUUID();
    await pool.query(
      `insert into drink_requests (id, customer_name, drink_id, machine_id, status)
       values ($1, $2, $3, $4, 'pending')`,
      [id, input.customerName, input.drinkId, input.machineId],
    );

    const event = buildEvent('request.created', id, { requestId: id, ...input });
    try {
      await producer.send({
        topic,
        messages: [{ key: id, value: JSON.stringify(event.payload), headers: { id: event.id } }],
      });
    } catch (error) {
      logger.warn({ aggregateId: id, error: describeError(error) }, 'event publish failed');
    }
    return c.json({ id, ...input, status: 'pending' }, 201);
  });

  return app;
}
