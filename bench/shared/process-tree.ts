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

/** Every living process below `pid`, from one pass over /proc. */
export function descendantsOf(pid: number): number[] {
  const childrenByParent = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // statFields()[1] is field 4 of the stat line: the parent.
    const parent = Number(statFields(Number(entry))?.[1]);
    childrenByParent.set(parent, [...(childrenByParent.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [...(childrenByParent.get(pid) ?? [])];
  while (queue.length > 0) {
    const child = queue.pop()!;
    found.push(child);
    queue.push(...(childrenByParent.get(child) ?? []));
  }
  return found;
}
