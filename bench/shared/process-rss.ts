import fs from 'node:fs';
import { descendantsOf } from './process-tree';

function statusRssKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Resident memory of a process in MiB, from /proc/<pid>/status VmRSS, plus its descendants'
 * when asked (Postgres serves each connection from a child). Shared pages count once per
 * process, so a sum over Postgres' children overstates what it really holds.
 */
export function processRssMb(pid: number, withDescendants = false): number {
  let kb = statusRssKb(pid);
  if (withDescendants) for (const child of descendantsOf(pid)) kb += statusRssKb(child);
  return Math.round(kb / 102.4) / 10;
}
