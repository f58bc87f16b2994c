import type pg from 'pg';
import { describeError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';

/**
 * Deletes outbox rows older than `olderThanMs`, at most `batchSize` per statement so that no
 * statement holds many locks or runs long, and returns how many went. A row's age is the only
 * test it needs: Debezium reads the insert from the WAL (which its replication slot keeps until
 * streamed), not from the table, and the publication carries inserts only (migration 0007), so
 * a purge can neither lose an event nor publish one (connect/outbox-contract.int.test.ts).
 */
export async function purgeOutbox(
  pool: pg.Pool,
  options: { olderThanMs: number; batchSize?: number },
): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  let purged = 0;
  for (;;) {
    const { rowCount } = await pool.query(
      `delete from outbox where id in (
         select id from outbox
          where created_at < now() - make_interval(secs => $1::double precision / 1000)
          limit $2 for update skip locked)`,
      [options.olderThanMs, batchSize],
    );
    purged += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return purged;
  }
}

/**
 * Purges the outbox now and then every `everyMs`, keeping `retentionMs` of events for tracing
 * (ops/pipeline-trace.ts) and audits. Without it the table only grows: after this project's
 * benchmarks it held 1.3 million rows (675 MB), and autovacuum passes over it competed with the
 * pipeline. A failed purge (Postgres away) is logged and tried again at the next turn.
 */
export function startOutboxRetention(options: {
  pool: pg.Pool;
  logger: Logger;
  retentionMs: number;
  everyMs: number;
}): () => void {
  const { pool, logger, retentionMs } = options;
  let running: Promise<void> | undefined;
  const purge = () => {
    running ??= purgeOutbox(pool, { olderThanMs: retentionMs })
      .then((purged) => {
        if (purged > 0) logger.info({ purged, retentionMs }, 'outbox rows purged');
      })
      .catch((error: unknown) =>
        logger.warn({ err: describeError(error) }, 'outbox purge failed; tried again later'),
      )
      .finally(() => (running = undefined));
  };
  purge();
  const timer = setInterval(purge, options.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
