import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/db';
import { seedMachine, seedRequest } from '../../workers/testing/seed';
import type { LoadResult } from './load';
import { passed, verify } from './verify';

/** The campaign is only as good as its checks: each must notice what it claims to. */
describe('fault campaign checks', () => {
  const { db, pool } = useTestDatabase();

  it('report an event never written, stock taken twice, an unpaid drink, a stray 5xx and a row behind a give-up', async () => {
    const machine = await seedMachine(db, { stock: { espresso: 20 } });
    const request = await seedRequest(db, { machineId: machine.id, drinkId: 'espresso' });
    // Served once, yet two units gone and no payment: what a double application would leave.
    await pool.query(
      `update drink_requests set status = 'completed', price_charged_cents = 180 where id = $1`,
      [request.id],
    );
    await pool.query(
      `update machine_inventory set stock = 18 where machine_id = $1 and drink_id = 'espresso'`,
      [machine.id],
    );
    const leftBehind = randomUUID();
    await pool.query(
      `insert into idempotency_keys (scope, key, request_hash, status_code, response_body)
       values ('requests', $1, 'hash', 201, '{}')`,
      [leftBehind],
    );
    const now = Date.now();
    const load: LoadResult = {
      startedAt: now - 10_000,
      endedAt: now,
      offered: 1,
      skipped: 0,
      accepted: [{ kind: 'request', id: request.id }],
      refused: [],
      gaveUp: [{ route: '/requests', idempotencyKey: leftBehind, lastOutcome: 'HTTP 503' }],
      serverErrors: [
        { at: now - 5_000, status: 503, route: '/requests' },
        { at: now - 1_000, status: 500, route: '/requests' },
      ],
    };

    const findings = await verify({
      pool,
      load,
      discordReceived: [],
      emailsByRecipient: new Map(),
      deadLetterKeys: new Set([request.id]),
      initialStock: 20,
      outages: [{ from: now - 6_000, to: now - 4_000 }],
    });

    expect(findings.lost).toEqual([`request ${request.id}: accepted but no outbox event`]);
    expect(findings.wrongOutcomes).toEqual([]);
    expect(findings.duplicatedEffects).toEqual([
      `stock of espresso at ${machine.id}: 18, expected 20 - 1 served`,
      `request ${request.id}: completed, payment null null`,
    ]);
    expect(findings.deadLettered).toEqual([`request ${request.id}`]);
    expect(findings.http.serverErrorsOutsideOutage).toHaveLength(1);
    expect(findings.http.serverErrorsOutsideOutage[0]).toContain('500');
    expect(findings.http.rowsBehindGiveUps).toEqual([`/requests ${leftBehind}`]);
    expect(passed(findings)).toBe(false);
  });
});
