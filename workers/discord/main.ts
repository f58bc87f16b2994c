import http from 'node:http';
import pg from 'pg';
import { z } from 'zod';
import { createDatabase } from '../../db/client';
import { databaseUrl, logLevel, readEnv, runMain } from '../../lib/env';
import { createLogger, type Logger } from '../../lib/logger';
import { createDispatcher, type Dispatcher } from './dispatcher';
import { skipPending } from './notification-store';
import { executeWebhook } from './webhook-client';
import { webhookUrlProblem } from './webhook-url';

const envSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: logLevel,
    DISCORD_WEBHOOK_URL: z.string().optional(),
    DISCORD_ALLOW_LOCAL_WEBHOOK: z.enum(['0', '1']).default('0'),
    DISCORD_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    DISPATCHER_PORT: z.coerce.number().int().min(0).max(65_535).default(3200),
    DISPATCHER_POLL_INTERVAL_MS: z.coerce.number().int().positive().default(1_000),
    /** How long a claimed row stays with this dispatcher; must exceed DISCORD_TIMEOUT_MS. */
    DISPATCHER_LEASE_MS: z.coerce.number().int().positive().default(60_000),
    /** Sends in flight at once at most; the webhook's bucket may allow fewer. 1: strictly serial. */
    DISPATCHER_MAX_CONCURRENT_SENDS: z.coerce.number().int().min(1).max(50).default(4),
    /** Test-only scoping: deliver only rows of these aggregate types (comma-separated). */
    DISPATCHER_AGGREGATE_TYPES: z.string().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.DISPATCHER_LEASE_MS <= env.DISCORD_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISPATCHER_LEASE_MS'],
        message:
          'must exceed DISCORD_TIMEOUT_MS, or a slow send could be taken over and sent twice',
      });
    }
    if (!env.DISCORD_WEBHOOK_URL) return;
    const problem = webhookUrlProblem(
      env.DISCORD_WEBHOOK_URL,
      env.DISCORD_ALLOW_LOCAL_WEBHOOK === '1',
    );
    if (problem) ctx.addIssue({ code: 'custom', path: ['DISCORD_WEBHOOK_URL'], message: problem });
  });

/** LISTEN on the channel enqueueNotifications signals; reconnects, since polling covers gaps. */
function listenForNewRows(url: string, logger: Logger, onNotify: () => void): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  async function connect(): Promise<void> {
    if (stopped) return;
    client = new pg.Client({ connectionString: url, application_name: 'sipeat-dispatcher-listen' });
    client.on('notification', onNotify);
    client.on('error', (error) => {
      logger.warn({ error: error.message }, 'notification listener lost; polling until it is back');
      void client?.end().catch(() => undefined);
      setTimeout(() => void connect().catch(() => undefined), 1_000);
    });
    try {
      await client.connect();
      await client.query('listen sipeat_notifications');
    } catch {
      setTimeout(() => void connect().catch(() => undefined), 1_000);
    }
  }
  void connect();
  return async () => {
    stopped = true;
    await client?.end().catch(() => undefined);
  };
}

function serveHealth(
  port: number,
  health: () => { healthy: boolean; detail: object },
): http.Server {
  return http
    .createServer((req, res) => {
      const { healthy, detail } = health();
      if (req.url === '/healthz') {
        res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(detail));
      }
      if (req.url === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        const lines = Object.entries(detail)
          .filter(([, v]) => typeof v === 'number')
          .map(([k, v]) => `sipeat_dispatcher_${k}_total ${v}`);
        return res.end(`${lines.join('\n')}\nsipeat_dispatcher_webhook_up ${healthy ? 1 : 0}\n`);
      }
      res.writeHead(404).end();
    })
    .listen(port, '127.0.0.1');
}

runMain(async function main() {
  const env = readEnv(envSchema);
  const logger = createLogger({ name: 'sipeat-dispatcher', level: env.LOG_LEVEL });
  const { pool } = createDatabase({
    url: env.DATABASE_URL,
    maxConnections: 3,
    applicationName: 'sipeat-dispatcher',
    logger,
  });
  const webhookUrl = env.DISCORD_WEBHOOK_URL;
  const aggregateTypes = env.DISPATCHER_AGGREGATE_TYPES?.split(',').filter(Boolean);

  let dispatcher: Dispatcher | undefined;
  let skipTimer: NodeJS.Timeout | undefined;
  let wake: () => void;
  if (webhookUrl) {
    dispatcher = createDispatcher({
      pool,
      logger,
      send: (payload) => executeWebhook(webhookUrl, payload, env.DISCORD_TIMEOUT_MS),
      pollIntervalMs: env.DISPATCHER_POLL_INTERVAL_MS,
      leaseMs: env.DISPATCHER_LEASE_MS,
      maxConcurrentSends: env.DISPATCHER_MAX_CONCURRENT_SENDS,
      aggregateTypes,
    });
    dispatcher.start();
    wake = dispatcher.wake;
    logger.info({ port: env.DISPATCHER_PORT }, 'dispatcher started');
  } else {
    logger.warn(
      {},
      'DISCORD_WEBHOOK_URL is not set: notifications are stored and marked skipped, not sent',
    );
    const skip = () =>
      void skipPending(pool, aggregateTypes).catch((error: Error) =>
        logger.warn({ error: error.message }, 'skipping failed'),
      );
    skipTimer = setInterval(skip, env.DISPATCHER_POLL_INTERVAL_MS);
    wake = skip;
  }
  const stopListening = listenForNewRows(env.DATABASE_URL, logger, () => wake());
  const server = serveHealth(env.DISPATCHER_PORT, () => ({
    healthy: dispatcher === undefined || dispatcher.health.webhook === 'ok',
    detail: dispatcher ? { ...dispatcher.health } : { webhook: 'unconfigured' },
  }));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(skipTimer);
    await dispatcher?.stop();
    await stopListening();
    server.close();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
});
