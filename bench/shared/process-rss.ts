import fs from 'node:fs';

function statusRssKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command (field 2) may hold spaces.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/**
 * Resident memory of a process in MiB, from /proc/<pid>/status VmRSS, plus its descendants'
 * when asked (Postgres serves each connection from a child). Shared pages count once per
 * process, so a sum over Postgres' children overstates what it really holds.
 */
export function processRssMb(pid: number, withDescendants = false): number {
  let kb = statusRssKb(pid);
  if (withDescendants) {
    const queue = childrenOf(pid);
    while (queue.length > 0) {
      const child = queue.pop()!;
      kb += statusRssKb(child);
      queue.push(...childrenOf(child));
    }
  }
  return Math.round(kb / 102.4) / 10;
}
