import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
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

async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dispatcher process', () => {
  const database = useTestDatabase();
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });
  const statusesOf = async (aggregateType: string) =>
    (
      await database.pool.query('select status from notifications where aggregate_type = $1', [
        aggregateType,
      ])
    ).rows.map((r) => r.status as string);

  it('delivers everything after a SIGKILL mid-send; only the message in flight may be duplicated', async () => {
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

    // 1. Every answer takes 400 ms; kill the dispatcher 200 ms into the fourth send.
    mock.enqueue({ kind: 'slow', delayMs: 400 }, 1000);
    const first = startDispatcher(env);
    children.push(first);
    await eventually(() => mock.received.length >= 3);
    await new Promise((r) => setTimeout(r, 200));
    first.kill('SIGKILL');
    const deliveredBeforeKill = mock.received.length;

    // 2. A new dispatcher takes the orphaned rows once their lease ends and finishes the job.
    children.push(startDispatcher(env));
    await eventually(async () => (await statusesOf(aggregateType)).every((s) => s === 'delivered'));
    await new Promise((r) => setTimeout(r, 2000)); // a slow in-flight answer may still land
    const received = receivedTitles(mock.received);
    const duplicates = received.length - new Set(received).size;

    expect(deliveredBeforeKill).toBeLessThan(titles.length);
    expect(new Set(received)).toEqual(new Set(titles));
    expect(duplicates).toBeLessThanOrEqual(1);
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
