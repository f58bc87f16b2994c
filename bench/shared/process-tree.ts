import fs from 'node:fs';

/** Fields of /proc/<pid>/stat after the command, which is in parentheses and may hold spaces. */
export function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // the process ended while we looked
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    // statFields()[1] is field 4 of the stat line: the parent.
    if (/^\d+$/.test(entry) && Number(statFields(Number(entry))?.[1]) === pid)
      children.push(Number(entry));
  }
  return children;
}

/** Every living process below `pid`. */
export function descendantsOf(pid: number): number[] {
  const found: number[] = [];
  const queue = childrenOf(pid);
  while (queue.length > 0) {
    const child = queue.pop()!;
    found.push(child);
    queue.push(...childrenOf(child));
  }
  return found;
}
