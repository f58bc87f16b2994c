import os from 'node:os';
import { postgresPid } from '../../connect/stack/postgres';
import { stackLayout } from '../../connect/stack/layout';
import { cpuPerUnit, processCpuSeconds, reapedChildrenCpuSeconds } from '../shared/process-cpu';

/** CPU microseconds per request (or transaction) of each process taking part in one run. */
export type CpuPerRequest = Record<string, number>;

type Sample = Record<string, number>;

/**
 * Samples the CPU of the server under load (when given), Postgres (only when the database is
 * the native stack's, whose processes this machine can see) and the load generator: the wrk or
 * pgbench this process ran and waited for, or this process itself when it is the HTTP client.
 */
export function writeCpuMeter(options: {
  loadGenerator: 'child process' | 'this process';
  /** Leave out for a run that does not touch the database. */
  databaseUrl?: string;
  server?: { name: string; pid: number };
}) {
  const layout = stackLayout();
  const port = options.databaseUrl ? Number(new URL(options.databaseUrl).port || 5432) : 0;
  const pgPid = port === layout.ports.postgres ? postgresPid(layout) : undefined;

  function sample(): Sample {
    return {
      ...(options.server ? { [options.server.name]: processCpuSeconds(options.server.pid) } : {}),
      ...(pgPid ? { postgres: processCpuSeconds(pgPid, true) } : {}),
      loadGenerator:
        options.loadGenerator === 'this process'
          ? processCpuSeconds(process.pid)
          : reapedChildrenCpuSeconds(process.pid),
    };
  }

  return {
    /** Runs `work` and divides each process's CPU over it by the requests it completed. */
    async measure<T extends { completed: number }>(
      work: () => Promise<T>,
    ): Promise<T & { cpuMicrosPerRequest: CpuPerRequest }> {
      const before = sample();
      const result = await work();
      const after = sample();
      const cpuMicrosPerRequest: CpuPerRequest = {};
      for (const [name, micros] of Object.entries(cpuPerUnit(before, after, result.completed, 1e6)))
        cpuMicrosPerRequest[name] = Math.round(micros);
      return { ...result, cpuMicrosPerRequest };
    },
  };
}

/** What the machine's cores allow per request at a given rate, in CPU microseconds. */
export function cpuBudgetMicros(perSecond: number): number {
  return perSecond > 0 ? Math.round((os.cpus().length * 1e6) / perSecond) : 0;
}
