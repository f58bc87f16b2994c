import pg from 'pg';
import { z } from 'zod';
import { databaseUrl, readEnv, runMain } from '../../lib/env';
import { notificationStatuses } from '../../db/schema';

const usage = `usage: npm run notifications -- list [--status <${notificationStatuses.join('|')}>] [--limit N]
       npm run notifications -- retry <notification id>
       npm run notifications -- retry --all-dead`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

async function list(pool: pg.Pool, args: string[]): Promise<void> {
  const status = option(args, '--status');
  if (status !== undefined && !(notificationStatuses as readonly string[]).includes(status)) {
    throw new UsageError(
      `unknown status "${status}"; use one of ${notificationStatuses.join(', ')}`,
    );
  }
  const limitText = option(args, '--limit') ?? '50';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
    throw new UsageError('--limit must be a whole number from 1 to 10000');

  const { rows } = await pool.query(
    `select id, status, attempts, event_type, aggregate_type || ':' || aggregate_id as aggregate,
            message->>'title' as title, left(coalesce(last_error, ''), 80) as last_error,
            to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS') as updated
     from notifications where ($1::text is null or status = $1) order by seq desc limit $2`,
    [status ?? null, limit],
  );
  if (rows.length === 0) process.stdout.write('no notifications\n');
  else console.table(rows);
}

async function retry(pool: pg.Pool, args: string[]): Promise<void> {
  const allDead = args.includes('--all-dead');
  const id = args.find((a) => !a.startsWith('--'));
  if (allDead === (id !== undefined))
    throw new UsageError('give either one notification id or --all-dead');
  if (id !== undefined && !z.uuid().safeParse(id).success)
    throw new UsageError(`"${id}" is not a notification id (a uuid)`);

  const result = await pool.query(
    `update notifications set status = 'pending', next_attempt_at = now(), attempts = 0, updated_at = now()
     where ${allDead ? `status = 'dead'` : `id = $1 and status in ('dead', 'skipped')`}
     returning id`,
    allDead ? [] : [id],
  );
  await pool.query(`select pg_notify('sipeat_notifications', '')`);
  if (!allDead && result.rowCount === 0) {
    throw new UsageError(
      `no dead or skipped notification ${id} (list them with: npm run notifications -- list --status dead)`,
    );
  }
  process.stdout.write(`${result.rowCount} notification(s) queued again\n`);
}

runMain(async () => {
  const env = readEnv(z.object({ DATABASE_URL: databaseUrl }));
  const [command, ...args] = process.argv.slice(2);
  const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 1 });
  try {
    if (command === 'list') await list(pool, args);
    else if (command === 'retry') await retry(pool, args);
    else throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`notifications: ${error.message}\n${usage}\n`);
    process.exitCode = 2;
  } finally {
    await pool.end();
  }
});
