import type pg from 'pg';

export type BacklogAtStart = { consumerLag: number; discordBacklog: number };

/**
 * Waits (bounded) until the consumer groups have committed everything on their topics and every
 * notification written since `since` has been delivered, so that a rate starts on an empty
 * pipeline rather than behind the previous one's leftovers. Returns what was left when it
 * stopped waiting: zeros, unless the bound ran out.
 */
export async function waitForEmptyPipeline(options: {
  pool: pg.Pool;
  consumerLag: () => Promise<number>;
  since: Date;
  timeoutSeconds: number;
}): Promise<BacklogAtStart> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  for (;;) {
    const [consumerLag, pending] = await Promise.all([
      options.consumerLag(),
      options.pool.query<{ n: string }>(
        `select count(*) as n from notifications
          where status in ('pending', 'sending') and created_at >= $1`,
        [options.since],
      ),
    ]);
    const left = { consumerLag, discordBacklog: Number(pending.rows[0]?.n ?? 0) };
    if ((left.consumerLag <= 0 && left.discordBacklog === 0) || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
