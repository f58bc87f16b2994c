import type { StackLayout } from '../../connect/stack/layout';
import { postgresPid } from '../../connect/stack/postgres';
import { runningPid } from '../../connect/stack/processes';
import type { ChildService } from './child-service';

export type ComponentProcess = {
  name: string;
  pid: number;
  /** Postgres serves each connection from a child process; those count as Postgres. */
  withDescendants: boolean;
};

/** The name under which the benchmark process itself (load generator, mock Discord) is listed. */
export const benchProcessName = 'bench (load + mock discord)';

/**
 * Every process of the pipeline: Postgres, Kafka, Connect, the services this benchmark started,
 * and the benchmark process itself. Components that are not running are left out.
 */
export function componentProcesses(
  layout: StackLayout,
  services: ChildService[],
): ComponentProcess[] {
  const found: ComponentProcess[] = [];
  const pgPid = postgresPid(layout);
  if (pgPid !== undefined) found.push({ name: 'postgres', pid: pgPid, withDescendants: true });
  for (const name of ['kafka', 'connect']) {
    const pid = runningPid(layout.runDir, name);
    if (pid !== undefined) found.push({ name, pid, withDescendants: false });
  }
  for (const service of services)
    found.push({ name: service.name, pid: service.pid, withDescendants: false });
  found.push({ name: benchProcessName, pid: process.pid, withDescendants: false });
  return found;
}
