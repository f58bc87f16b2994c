/** Summary of a run: rate and latency percentiles, all in milliseconds. */
export type RateSummary = {
  completed: number;
  failed: number;
  durationSeconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
};

/** Nearest-rank percentile of latencies in milliseconds; 0 for an empty run. */
export function percentile(sortedMs: readonly number[], fraction: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.ceil(fraction * sortedMs.length) - 1);
  return Math.round(sortedMs[Math.max(0, index)]! * 100) / 100;
}

export function summarise(
  latenciesMs: number[],
  failed: number,
  durationSeconds: number,
): RateSummary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    completed: sorted.length,
    failed,
    durationSeconds,
    perSecond: Math.round((sorted.length / durationSeconds) * 10) / 10,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
  };
}
