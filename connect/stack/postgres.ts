import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { StackLayout } from './layout';
import { postgresAnswers } from './readiness';
import { assertPortFree, isAlive, StackError, waitUntil } from './processes';

export const sipeatDatabase = { user: 'sipeat', password: 'sipeat', database: 'sipeat' } as const;

/** initdb and postgres refuse to run as root, so as root they run as the `postgres` account. */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['runuser', ['-u', 'postgres', '--', command, ...args]];
}

// Asynchronous, so a caller's event loop keeps serving while pg_ctl waits (-w) for the server.
async function run(command: string, args: string[]): Promise<void> {
  const [cmd, argv] = asClusterOwner(command, args);
  await promisify(execFile)(cmd, argv);
}

function chownToClusterOwner(target: string): void {
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', target]);
}

/** The postmaster's pid, if the cluster in this data directory is running. */
export function postgresPid(layout: StackLayout): number | undefined {
  const file = path.join(layout.pgData, 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
}

export function postgresLogFile(layout: StackLayout): string {
  return path.join(layout.logDir, 'postgres.log');
}

async function initCluster(layout: StackLayout, pgBin: string): Promise<void> {
  fs.mkdirSync(layout.pgData, { recursive: true, mode: 0o700 });
  chownToClusterOwner(layout.pgData);
  // Trust is acceptable only because the cluster listens on 127.0.0.1 alone and holds dev data.
  await run(path.join(pgBin, 'initdb'), [
    '-D',
    layout.pgData,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  const include = path.join(layout.configDir, 'postgresql.conf');
  fs.appendFileSync(
    path.join(layout.pgData, 'postgresql.conf'),
    `\ninclude '${include}'\nport = ${layout.ports.postgres}\n`,
  );
  chownToClusterOwner(layout.pgData);
}

/** Creates the cluster on first use, starts it, and makes sure SipEat's role and database exist. */
export async function startPostgres(
  layout: StackLayout,
  pgBin: string,
): Promise<'started' | 'running'> {
  if (postgresPid(layout) !== undefined) return 'running';
  await assertPortFree(layout.ports.postgres, 'PostgreSQL');

  if (!fs.existsSync(path.join(layout.pgData, 'PG_VERSION'))) await initCluster(layout, pgBin);
  const logFile = postgresLogFile(layout);
  fs.mkdirSync(layout.logDir, { recursive: true });
  fs.closeSync(fs.openSync(logFile, 'a'));
  chownToClusterOwner(logFile);
  try {
    await run(path.join(pgBin, 'pg_ctl'), [
      '-D',
      layout.pgData,
      '-l',
      logFile,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  } catch (error) {
    throw new StackError('PostgreSQL did not start', `read ${logFile}`, { cause: error });
  }

  await waitUntil(() => postgresAnswers(superuserUrl(layout)), {
    component: 'PostgreSQL',
    timeoutMs: 30_000,
    logFile,
  });
  await ensureRoleAndDatabase(layout);
  return 'started';
}

/** The cluster's superuser over TCP; trust auth, loopback only (see initCluster). */
function superuserUrl(layout: StackLayout): string {
  return `postgres://postgres@127.0.0.1:${layout.ports.postgres}/postgres`;
}

async function ensureRoleAndDatabase(layout: StackLayout): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl(layout) });
  await client.connect();
  try {
    const { user, password, database } = sipeatDatabase;
    const role = await client.query('select 1 from pg_roles where rolname = $1', [user]);
    // REPLICATION lets Debezium open its slot; owning the outbox lets it manage the publication.
    if (role.rowCount === 0)
      await client.query(`create role ${user} login replication password '${password}'`);
    const db = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (db.rowCount === 0) await client.query(`create database ${database} owner ${user}`);
  } finally {
    await client.end();
  }
}

/**
 * `fast` rolls back sessions and checkpoints; `immediate` (used by the fault harness) quits
 * without a checkpoint, like a crash: the next start replays the WAL.
 */
export async function stopPostgres(
  layout: StackLayout,
  pgBin: string,
  mode: 'fast' | 'immediate' = 'fast',
): Promise<boolean> {
  if (postgresPid(layout) === undefined) return false;
  await run(path.join(pgBin, 'pg_ctl'), [
    '-D',
    layout.pgData,
    '-m',
    mode,
    '-w',
    '-t',
    '60',
    'stop',
  ]);
  return true;
}
