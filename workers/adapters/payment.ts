import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { payments, type PaymentStatus } from '../../db/schema';
import { faultError } from './adapter-error';
import { noFaults, type FaultInjector } from './fault-injector';

export type ChargeResult = { status: PaymentStatus; amountCents: number; declineReason?: string };

/**
 * A payment provider. Both calls are idempotent by key: charging a key that was charged before
 * returns the first answer and moves no money.
 */
export type PaymentAdapter = {
  charge(idempotencyKey: string, amountCents: number): Promise<ChargeResult>;
  refund(idempotencyKey: string): Promise<void>;
};

/**
 * The deterministic in-process provider. Its ledger is the `payments` table, written on its own
 * connection (`db`, never the handler's transaction) because it stands for a system outside
 * ours: a charge stays made even when the handler's transaction rolls back.
 */
export function ledgerPayments(options: { db: Db; faults?: FaultInjector }): PaymentAdapter {
  const faults = options.faults ?? noFaults;
  const { db } = options;

  return {
    async charge(idempotencyKey, amountCents) {
      const fault = faults.failure('payment', idempotencyKey);
      if (fault?.kind === 'timeout') throw faultError('payment', fault);

      const declined = fault !== undefined;
      const [charged] = await db
        .insert(payments)
        .values({
          idempotencyKey,
          amountCents,
          status: declined ? 'declined' : 'charged',
          declineReason: declined ? 'card declined' : null,
        })
        .onConflictDoNothing()
        .returning();
      // Only a repeated key needs a second look, for the first answer.
      const [row] = charged
        ? [charged]
        : await db.select().from(payments).where(eq(payments.idempotencyKey, idempotencyKey));
      if (!row) throw new Error(`payment ${idempotencyKey} vanished after insert`);
      return {
        status: row.status,
        amountCents: row.amountCents,
        ...(row.declineReason ? { declineReason: row.declineReason } : {}),
      };
    },

    async refund(idempotencyKey) {
      await db
        .update(payments)
        .set({ status: 'refunded', refundedAt: sql`now()` })
        .where(
          sql`${payments.idempotencyKey} = ${idempotencyKey} and ${payments.status} = 'charged'`,
        );
    },
  };
}
