import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/support/db';
import { sleep } from './stack/processes';

/** How far the slot holds WAL back, and whether it confirmed a position. */
const slotQuery = `
  select pg_wal_lsn_diff(pg_current_wal_lsn(), restart_lsn)::bigint as retained_bytes,
         confirmed_flush_lsn >= $1::pg_lsn as confirmed_past
  from pg_replication_slots where slot_name = 'sipeat_outbox'`;

describe('replication slot while the outbox is quiet', () => {
  const { pool } = useTestDatabase();

  it('releases WAL written by other tables (heartbeat action query)', async () => {
    const table = `wal_probe_${Date.now()}`;
    await pool.query(`create table ${table} (id serial primary key, pad text)`);
    try {
      // 1. About 30 MB of WAL that Debezium has no reason to read: not in the publication.
      await pool.query(
        `insert into ${table} (pad) select repeat('x', 1000) from generate_series(1, 30000)`,
      );
      const { rows } = await pool.query('select pg_current_wal_lsn()::text as lsn');
      const writtenUpTo = rows[0].lsn as string;

      // 2. Within a couple of heartbeats (10 s each) the slot confirms past it and lets it go.
      let last = { retained_bytes: '0', confirmed_past: false };
      // Usually two heartbeats (~25 s); a busy machine may need several more.
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline) {
        last = (await pool.query(slotQuery, [writtenUpTo])).rows[0];
        if (last.confirmed_past && Number(last.retained_bytes) < 5_000_000) break;
        await sleep(1000);
      }
      expect(last, 'slot state when the wait ended').toMatchObject({ confirmed_past: true });
      expect(Number(last.retained_bytes)).toBeLessThan(5_000_000);
    } finally {
      await pool.query(`drop table ${table}`);
    }
  }, 180_000);
});
