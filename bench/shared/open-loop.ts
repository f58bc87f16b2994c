/** What the load generator records about one scheduled request. */
export type Shot<T> = {
  index: number;
  /** When the timetable said to send it (epoch ms, fractional). */
  scheduledAtMs: number;
  /** When the answer was complete (epoch ms, fractional). */
  answeredAtMs: number;
  result: T;
};

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with Postgres timestamps. */
export const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Sends `ratePerSecond * durationSeconds` requests on a fixed timetable, whether or not earlier
 * ones have answered (open loop): a slow server shows up as latency measured from the
 * scheduled time, not as a quietly lower offered rate. Resolves once every request answered.
 */
export async function runOpenLoop<T>(options: {
  ratePerSecond: number;
  durationSeconds: number;
  send: (index: number) => Promise<T>;
}): Promise<{ startedAtMs: number; shots: Shot<T>[] }> {
  const total = Math.round(options.ratePerSecond * options.durationSeconds);
  const intervalMs = 1000 / options.ratePerSecond;
  const startedAtMs = nowMs();
  const pending: Promise<Shot<T>>[] = [];

  async function fire(index: number, scheduledAtMs: number): Promise<Shot<T>> {
    const result = await options.send(index);
    return { index, scheduledAtMs, answeredAtMs: nowMs(), result };
  }

  let next = 0;
  while (next < total) {
    const now = nowMs();
    // Catch up on every slot that is due: a late timer must not lower the offered rate.
    while (next < total && startedAtMs + next * intervalMs <= now) {
      pending.push(fire(next, startedAtMs + next * intervalMs));
      next += 1;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return { startedAtMs, shots: await Promise.all(pending) };
}
