import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { stackLayout } from '../connect/stack/layout';
import { databaseUrl, readEnv, runMain } from '../lib/env';
import { notificationsSettled, tracePipeline, type PipelineTrace } from './pipeline-trace';

const env = readEnv(
  z.object({
    SIPEAT_API_URL: z.url().default('http://127.0.0.1:3000'),
    DATABASE_URL: databaseUrl,
    ADMIN_TOKEN: z.string().optional(),
    DEMO_TIMEOUT_MS: z.coerce.number().int().positive().default(90_000),
  }),
);

type Tracked = {
  label: string;
  kind: 'machine' | 'request' | 'contact';
  id: string;
  trace: PipelineTrace;
  shown: Set<string>;
};

const say = (text: string) => process.stdout.write(`${text}\n`);

function adminToken(): string {
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  const file = path.join(stackLayout().root, 'admin-token');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  throw new Error(
    'no admin token: set ADMIN_TOKEN, or start the system with `npm start`, which writes .stack/admin-token',
  );
}

async function post(
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await fetch(`${env.SIPEAT_API_URL}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { id?: string; detail?: string };
  if (response.status !== 201 || !answer.id) {
    throw new Error(
      `POST ${route} answered ${response.status}: ${answer.detail ?? JSON.stringify(answer)}`,
    );
  }
  return answer.id;
}

/** Prints each step of an entity's journey once, as it is observed. */
function report(item: Tracked): void {
  const { trace } = item;
  const steps: [string, boolean, string][] = [
    ['event', Boolean(trace.eventId), `committed event ${trace.eventId}`],
    [
      'kafka',
      trace.topic !== undefined,
      `consumed from ${trace.topic} partition ${trace.partition} offset ${trace.offset}`,
    ],
    ['outcome', trace.outcome !== undefined, `handled: ${trace.outcome}`],
    [
      'discord',
      notificationsSettled(trace),
      `discord: ${trace.notifications.map((n) => (n.status === 'delivered' ? `delivered (message ${n.messageId})` : n.status)).join(', ')}`,
    ],
  ];
  for (const [name, reached, text] of steps) {
    if (!reached || item.shown.has(name)) continue;
    item.shown.add(name);
    say(`  ${item.label.padEnd(28)} ${text}`);
  }
}

async function follow(
  pool: pg.Pool,
  items: Tracked[],
  until: (t: Tracked) => boolean,
): Promise<void> {
  const deadline = Date.now() + env.DEMO_TIMEOUT_MS;
  while (Date.now() < deadline) {
    for (const item of items) {
      item.trace = await tracePipeline(pool, item.kind, item.id);
      report(item);
    }
    if (items.every(until)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const complete = (t: Tracked) => t.trace.outcome !== undefined && notificationsSettled(t.trace);

runMain(async () => {
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  const auth = { authorization: `Bearer ${adminToken()}` };
  const items: Tracked[] = [];
  const track = (label: string, kind: Tracked['kind'], id: string) => {
    say(`  ${label.padEnd(28)} HTTP 201 ${kind} ${id}`);
    const item: Tracked = { label, kind, id, trace: { notifications: [] }, shown: new Set() };
    items.push(item);
    return item;
  };

  say('machines: one in an allowed city, one in a restricted area');
  const zurich = track(
    'machine Zürich HB',
    'machine',
    await post(
      '/machines',
      { name: 'Zürich HB', country: 'Switzerland', city: 'Zürich', street: 'Bahnhofplatz 1' },
      auth,
    ),
  );
  const monteCarlo = track(
    'machine Monte Carlo',
    'machine',
    await post(
      '/machines',
      { name: 'Casino Square', country: 'Monaco', city: 'Monte Carlo' },
      auth,
    ),
  );
  await follow(pool, items, (t) => t.trace.outcome !== undefined);
  if (!zurich.trace.outcome?.startsWith('active'))
    throw new Error(
      `the Zürich machine did not become active: ${zurich.trace.outcome ?? 'no outcome'}`,
    );

  say('contacts');
  track(
    'contact (company, urgent)',
    'contact',
    await post('/contacts', {
      name: 'Ada Lovelace',
      email: 'ada@analytical.example',
      phone: '+41 79 123 45 67',
      companyName: 'Analytical Engines AG',
      message: 'Urgent: we want 12 machines for our offices before the end of the month.',
    }),
  );
  track(
    'contact (short note)',
    'contact',
    await post('/contacts', {
      name: 'Bob',
      email: 'bob@example.com',
      phone: '0044 20 7946 0000',
      message: 'Do you have oat milk?',
    }),
  );

  say('drink requests: a few coffees, and one at the machine that is not in service');
  const order = (customerName: string, drinkId: string, machineId: string) =>
    post('/requests', { customerName, drinkId, machineId });
  for (const drinkId of ['espresso', 'cappuccino', 'cold-brew']) {
    track(`request ${drinkId}`, 'request', await order('Carla', drinkId, zurich.id));
  }
  track('request at Monte Carlo', 'request', await order('Dan', 'espresso', monteCarlo.id));

  say('a rush on matcha: the machine holds 20, so the 21st customer finds it sold out');
  const rush: Tracked[] = [];
  for (let i = 1; i <= 20; i += 1) {
    const id = await order(`Rush ${i}`, 'matcha-latte', zurich.id);
    // Followed quietly: twenty journeys would drown the interesting ones.
    const shown = new Set(['event', 'kafka', 'outcome', 'discord']);
    rush.push({ label: `rush ${i}`, kind: 'request', id, trace: { notifications: [] }, shown });
  }
  // Requests spread over partitions and are handled in any order: wait before the 21st.
  await follow(pool, rush, (t) => t.trace.outcome !== undefined);
  const served = rush.filter((t) => t.trace.outcome?.startsWith('completed')).length;
  say(`  20 rush requests handled, ${served} completed`);
  track('request matcha #21', 'request', await order('Rush 21', 'matcha-latte', zurich.id));

  const backlog = await pool.query<{ n: number }>(
    `select count(*)::int as n from notifications where status in ('pending', 'sending')`,
  );
  const queued = backlog.rows[0]?.n ?? 0;
  if (queued > 40) {
    say(`note: ${queued} notifications wait for Discord ahead of these (it takes ~5 per 2 s)`);
  }
  await follow(pool, items, complete);

  const rows = items.map((t) => ({
    entity: t.label,
    kafka: t.trace.topic ? `${t.trace.topic}/${t.trace.partition}@${t.trace.offset}` : 'MISSING',
    outcome: t.trace.outcome ?? 'MISSING',
    discord: notificationsSettled(t.trace)
      ? t.trace.notifications.map((n) => n.status).join(',')
      : 'MISSING',
  }));
  say('\nsummary');
  console.table(rows);
  await pool.end();
  const missing = items.filter((t) => !complete(t));
  if (missing.length > 0) {
    say(
      `${missing.length} of ${items.length} did not arrive everywhere within ${env.DEMO_TIMEOUT_MS / 1000} s`,
    );
    process.exit(1);
  }
  say(`all ${items.length} arrived: committed, consumed, handled and announced`);
});
