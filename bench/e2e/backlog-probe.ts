import type pg from 'pg';

export type BacklogPoint = {
  second: number;
  accepted: number;
  handled: number;
  /** Accepted (201) but not yet committed by a handler: outbox-to-inbox backlog. */
  handlerBacklog: number;
  /** Records on the topics not yet committed by this run's consumer groups. */
  consumerLag: number;
  /** Notifications written since the probe started and not yet delivered to Discord. */
  discordBacklog: number;
};

/**
 * Samples once a second how far the handlers and the dispatcher trail the API, until stopped.
 * `accepted` is read from the load generator; the rest from Postgres (both counts use indexes).
 */
export function startBacklogProbe(options: {
  pool: pg.Pool;
  consumerGroups: string[];
  accepted: () => number;
  consumerLag: () => Promise<number>;
  onSample?: () => void;
}) {
  const points: BacklogPoint[] = [];
  const startedAtMs = Date.now();
  const startedAt = new Date(startedAtMs);
  let baseline: number | undefined;
  let stopped = false;

  async function handledSoFar(): Promise<number> {
    const { rows } = await options.pool.query<{ n: string }>(
      'select count(*) as n from inbox where consumer_group = any($1)',
      [options.consumerGroups],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async function sample(): Promise<void> {
    const [handledTotal, consumerLag, pending] = await Promise.all([
      handledSoFar(),
      options.consumerLag().catch(() => -1),
      // Rows from before the run (other work's leftovers, perhaps parked) are not this run's.
      options.pool.query<{ n: string }>(
        `select count(*) as n from notifications
          where status in ('pending', 'sending') and created_at >= $1`,
        [startedAt],
      ),
    ]);
    baseline ??= handledTotal;
    const accepted = options.accepted();
    const handled = handledTotal - baseline;
    points.push({
      second: Math.round((Date.now() - startedAtMs) / 1000),
      accepted,
      handled,
      handlerBacklog: accepted - handled,
      consumerLag,
      discordBacklog: Number(pending.rows[0]?.n ?? 0),
    });
    options.onSample?.();
  }

  const done = (async () => {
    while (!stopped) {
      const next = Date.now() + 1000;
      await sample();
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  })();

  return {
    points,
    latest: () => points.at(-1),
    async stop() {
      stopped = true;
      await done;
    },
  };
}

/**
 * Backlog growth per second over the last half of the load, by least squares. Near zero when
 * the pipeline keeps up; close to (offered - capacity) when it does not.
 */
export function backlogSlopePerSecond(points: BacklogPoint[], loadSeconds: number): number {
  const window = points.filter((p) => p.second >= loadSeconds / 2 && p.second <= loadSeconds);
  if (window.length < 3) return 0;
  const meanX = window.reduce((s, p) => s + p.second, 0) / window.length;
  const meanY = window.reduce((s, p) => s + p.handlerBacklog, 0) / window.length;
  let num = 0;
  let den = 0;
  for (const p of window) {
    num += (p.second - meanX) * (p.handlerBacklog - meanY);
    den += (p.second - meanX) ** 2;
  }
  return den === 0 ? 0 : Math.round((num / den) * 10) / 10;
}
