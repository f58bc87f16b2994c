import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { testEnv } from '../../test/support/env';
import { testAggregateType, writeNotifications } from './testing/notification-rows';

function cli(...args: string[]) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', 'workers/discord/notifications-cli.ts', ...args],
    { env: { ...process.env, DATABASE_URL: testEnv.databaseUrl }, encoding: 'utf8' },
  );
}

describe('notifications CLI', () => {
  const database = useTestDatabase();

  it('refuses an unknown status, a malformed id or no command with exit code 2 and a reason', () => {
    const unknownStatus = cli('list', '--status', 'lost');
    const malformedId = cli('retry', 'not-a-uuid');
    const nothing = cli();

    expect(unknownStatus.status).toBe(2);
    expect(unknownStatus.stderr).toContain('unknown status "lost"');
    expect(malformedId.status).toBe(2);
    expect(malformedId.stderr).toContain('is not a notification id');
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('usage:');
  });

  it('puts a dead notification back to pending, due now, with its attempts reset', async () => {
    const aggregateType = testAggregateType();
    await writeNotifications(database, aggregateType, [{ aggregateId: 'a', title: 'parked' }]);
    const {
      rows: [dead],
    } = await database.pool.query<{ id: string }>(
      `update notifications set status = 'dead', attempts = 3, last_error = 'discord 400'
       where aggregate_type = $1 returning id`,
      [aggregateType],
    );

    const retried = cli('retry', dead!.id);
    const again = cli('retry', dead!.id);

    expect(retried.status).toBe(0);
    const { rows } = await database.pool.query(
      `select status, attempts, next_attempt_at <= now() as due from notifications where id = $1`,
      [dead!.id],
    );
    expect(rows[0]).toEqual({ status: 'pending', attempts: 0, due: true });
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('no dead or skipped notification');
  });
});
