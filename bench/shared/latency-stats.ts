/** Percentiles of a set of durations, in milliseconds, rounded to 0.1 ms. */
export type LatencyStats = {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
};

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Nearest-rank percentiles; all zero for an empty set, so a table still renders. */
export function latencyStats(valuesMs: readonly number[]): LatencyStats {
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted.length === 0 ? 0 : round(sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)]!);
  return {
    count: sorted.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: round(sorted.at(-1) ?? 0),
  };
}

/** One point per whole second since `startMs`: the percentiles of the values that fell in it. */
export function perSecond(
  samples: readonly { atMs: number; valueMs: number }[],
  startMs: number,
): { second: number; p50Ms: number; p99Ms: number; maxMs: number; count: number }[] {
  const buckets = new Map<number, number[]>();
  for (const { atMs, valueMs } of samples) {
    const second = Math.floor((atMs - startMs) / 1000);
    const bucket = buckets.get(second) ?? [];
    bucket.push(valueMs);
    buckets.set(second, bucket);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([second, values]) => {
      const { p50Ms, p99Ms, maxMs, count } = latencyStats(values);
      return { second, p50Ms, p99Ms, maxMs, count };
    });
}
