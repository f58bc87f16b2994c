import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { eventually } from '../../test/support/eventually';
import { testEnv } from '../../test/support/env';
import { startMockDiscord } from './mock-discord';
import { receivedTitles, testAggregateType, writeNotifications } from './testing/notification-rows';

// Node itself, with tsx as a loader: the pid is the dispatcher's, so SIGKILL really kills it
// (the tsx binary would only be a wrapper around a second process).
const dispatcherArgs = ['--import', 'tsx', 'workers/discord/main.ts'];

function startDispatcher(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, dispatcherArgs, {
    env: {
      ...process.env,
      DATABASE_URL: testEnv.databaseUrl,
      DISPATCHER_PORT: '0',
      LOG_LEVEL: 'warn',
      DISPATCHER_POLL_INTERVAL_MS: '200',
      ...env,
    },
    stdio: 'ignore',
  });
}

describe('dispatcher process', () => {
  const database = useTestDatabase();
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  const statusesOf = async (aggregateType: string) =>
    (
      await database.pool.query('select status from notifications where aggregate_type = $1', [
        aggregateType,
      ])
    ).rows.map((r) => r.status as string);

  it('delivers everything after a SIGKILL mid-send; only the messages in flight are duplicated, and counted', async () => {
    const mock = await startMockDiscord({ rateLimit: { limit: 1000, windowMs: 1000 } });
    const aggregateType = testAggregateType();
    const titles = Array.from({ length: 12 }, (_, i) => `m${i}`);
    await writeNotifications(
      database,
      aggregateType,
      titles.map((title, i) => ({ aggregateId: `a${i % 3}`, title })),
    );
    const env = {
      DISCORD_WEBHOOK_URL: mock.webhookUrl,
      DISCORD_ALLOW_LOCAL_WEBHOOK: '1',
      DISPATCHER_AGGREGATE_TYPES: aggregateType,
      DISCORD_TIMEOUT_MS: '3000',
      DISPATCHER_LEASE_MS: '4000',
    };

    // 1. Every answer takes 1 s; kill the dispatcher 300 ms into the fourth send. The mock
    //    still accepts that message: Discord would have posted it too.
    mock.enqueue({ kind: 'slow', delayMs: 1_000 }, 1_000);
    const first = startDispatcher(env);
    children.push(first);
    await eventually(() => mock.received.length >= 3);
    await new Promise((r) => setTimeout(r, 300));
    first.kill('SIGKILL');
    await once(first, 'exit');
    const deliveredBeforeKill = mock.received.length;

    // 2. A new dispatcher takes the orphaned rows once their lease ends and finishes the job.
    children.push(startDispatcher(env));
    await eventually(async () => (await statusesOf(aggregateType)).every((s) => s === 'delivered'));
    const received = receivedTitles(mock.received);
    const duplicated = received.filter((title, i) => received.indexOf(title) !== i);

    // 3. Everything arrived; at most the sends in flight twice (one per aggregate, as a claim
    //    holds the next row of each: three here), and every duplicate is on record.
    expect(deliveredBeforeKill).toBeLessThan(titles.length);
    expect(new Set(received)).toEqual(new Set(titles));
    expect(duplicated.length).toBeLessThanOrEqual(3);
    const { rows } = await database.pool.query<{ title: string; ambiguousSends: number }>(
      `select message->>'title' as title, ambiguous_sends as "ambiguousSends"
       from notifications where aggregate_type = $1 and ambiguous_sends > 0`,
      [aggregateType],
    );
    expect(rows.length).toBeLessThanOrEqual(3);
    for (const title of duplicated) expect(rows.map((r) => r.title)).toContain(title);
    await mock.close();
  });

  it('marks rows skipped when no webhook is configured', async () => {
    const aggregateType = testAggregateType();
    await writeNotifications(database, aggregateType, [
      { aggregateId: 'a', title: 'nowhere to go' },
    ]);
    children.push(
      startDispatcher({ DISCORD_WEBHOOK_URL: '', DISPATCHER_AGGREGATE_TYPES: aggregateType }),
    );

    await eventually(async () => (await statusesOf(aggregateType)).every((s) => s === 'skipped'));
  });

  it('refuses to start with a webhook URL that is not Discord, without printing it', () => {
    const secret = 'http://example.invalid/api/webhooks/1/very-secret-token';
    const result = spawnSync(process.execPath, dispatcherArgs, {
      env: { ...process.env, DATABASE_URL: testEnv.databaseUrl, DISCORD_WEBHOOK_URL: secret },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('DISCORD_WEBHOOK_URL');
    expect(result.stderr).not.toContain('very-secret-token');
  });
});
