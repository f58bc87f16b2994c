import { execFileSync } from 'node:child_process';
import { descendantsOf, statFields } from './process-tree';

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime (fields 14, 15), and with `reaped` cutime + cstime (16, 17) of ended children. */
function ticks(pid: number, reaped: boolean): number {
  const fields = statFields(pid);
  if (!fields) return 0;
  // statFields starts at field 3, so field n is at index n - 3.
  const own = Number(fields[11]) + Number(fields[12]);
  return reaped ? own + Number(fields[13]) + Number(fields[14]) : own;
}

/** CPU seconds of the children a process has waited for (a load generator it ran to the end). */
export function reapedChildrenCpuSeconds(pid: number): number {
  return (ticks(pid, true) - ticks(pid, false)) / ticksPerSecond;
}

/**
 * What each named process spent between two samples of CPU seconds, divided by `units` (events,
 * requests) and multiplied by `scale` (1e3 for milliseconds, 1e6 for microseconds).
 */
export function cpuPerUnit(
  before: Record<string, number>,
  after: Record<string, number>,
  units: number,
  scale: number,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, seconds]) => [
      name,
      ((seconds - (before[name] ?? 0)) * scale) / Math.max(1, units),
    ]),
  );
}

/**
 * CPU seconds a process has used since it started (user + system). With descendants, those of
 * its living children are added, and of the ones that ended (a Postgres backend that closed, an
 * autovacuum worker), as far as the parent has reaped them.
 */
export function processCpuSeconds(pid: number, withDescendants = false): number {
  let total = ticks(pid, withDescendants);
  if (withDescendants) for (const child of descendantsOf(pid)) total += ticks(child, true);
  return total / ticksPerSecond;
}
