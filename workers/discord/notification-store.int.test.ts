import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { claimDue, markDelivered, startSend } from './notification-store';
import { testAggregateType, writeNotifications } from './testing/notification-rows';

describe('notification store', () => {
  const database = useTestDatabase();
  const { pool } = database;

  it('refuses a send on a claim whose lease ran out and was taken over', async () => {
    const aggregateType = testAggregateType();
    await writeNotifications(database, aggregateType, [{ aggregateId: 'a', title: 'contested' }]);

    // 1. A slow dispatcher claims the row with a lease that ends at once; a second takes it over.
    const [slow] = await claimDue(pool, { limit: 1, leaseMs: 0, aggregateTypes: [aggregateType] });
    const [fresh] = await claimDue(pool, {
      limit: 1,
      leaseMs: 60_000,
      aggregateTypes: [aggregateType],
    });
    expect(fresh?.id).toBe(slow?.id);

    // 2. Only the current owner may send.
    expect(await startSend(pool, slow!, { leaseMs: 60_000, resend: false })).toBeUndefined();
    expect(await startSend(pool, fresh!, { leaseMs: 60_000, resend: false })).toBeDefined();
  });

  it('counts a send as ambiguous until its answer is recorded', async () => {
    const aggregateType = testAggregateType();
    await writeNotifications(database, aggregateType, [
      { aggregateId: 'a', title: 'answered' },
      { aggregateId: 'b', title: 'never answered' },
    ]);
    const ambiguousSends = async () =>
      (
        await pool.query<{ n: number }>(
          `select ambiguous_sends as n from notifications where aggregate_type = $1 order by seq`,
          [aggregateType],
        )
      ).rows.map((r) => r.n);

    const [answered, unanswered] = await claimDue(pool, {
      limit: 2,
      leaseMs: 60_000,
      aggregateTypes: [aggregateType],
    });
    const lease = await startSend(pool, answered!, { leaseMs: 60_000, resend: false });
    await startSend(pool, unanswered!, { leaseMs: 60_000, resend: false });
    expect(await ambiguousSends()).toEqual([1, 1]);

    expect(await markDelivered(pool, { id: answered!.id, leaseUntil: lease! }, '1')).toBe(true);
    expect(await ambiguousSends()).toEqual([0, 1]);
  });

  it('ignores a late outcome from a dispatcher whose lease another one took over', async () => {
    const aggregateType = testAggregateType();
    await writeNotifications(database, aggregateType, [{ aggregateId: 'a', title: 'slow' }]);
    const claim = () =>
      claimDue(pool, { limit: 1, leaseMs: 60_000, aggregateTypes: [aggregateType] });

    // A claims and sends, then stalls past its lease; B takes the row, sends and records it.
    const [first] = await claim();
    const leaseA = await startSend(pool, first!, { leaseMs: 60_000, resend: false });
    await pool.query(
      `update notifications set next_attempt_at = now() - interval '1 second'
        where aggregate_type = $1`,
      [aggregateType],
    );
    const [second] = await claim();
    const leaseB = await startSend(pool, second!, { leaseMs: 60_000, resend: false });
    expect(await markDelivered(pool, { id: second!.id, leaseUntil: leaseB! }, 'from-b')).toBe(true);

    // A's answer arrives: it must not take back the count of its own (duplicate) send.
    expect(await markDelivered(pool, { id: first!.id, leaseUntil: leaseA! }, 'from-a')).toBe(false);
    const { rows } = await pool.query(
      `select status, ambiguous_sends as "ambiguousSends", discord_message_id as "messageId"
         from notifications where aggregate_type = $1`,
      [aggregateType],
    );
    expect(rows).toEqual([{ status: 'delivered', ambiguousSends: 1, messageId: 'from-b' }]);
  });
});
