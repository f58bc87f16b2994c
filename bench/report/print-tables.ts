import type { RateResult } from '../e2e/run-at-rate';
import { textTable } from '../shared/text-table';
import type { BenchResults } from './bench-results';

type Row = Record<string, string | number>;

/** One table per part that ran, for the terminal. */
export function printTables(results: BenchResults): string {
  const out: string[] = [];
  const { write, e2e, dualWrite, startup } = results;

  if (write?.status === 'ran') {
    type Run = {
      perSecond: number;
      p50Ms: number;
      p99Ms: number;
      cpuMicrosPerRequest?: Record<string, number>;
    };
    const r = write.result as { api: Run; pgbench: Run; httpFloor?: Run; ratio: number };
    out.push(
      textTable(`write rate (ratio api/pgbench ${r.ratio})`, [
        {
          path: 'POST /requests',
          perSecond: r.api.perSecond,
          p50Ms: r.api.p50Ms,
          p99Ms: r.api.p99Ms,
        },
        {
          path: 'pgbench',
          perSecond: r.pgbench.perSecond,
          p50Ms: r.pgbench.p50Ms,
          p99Ms: r.pgbench.p99Ms,
        },
      ]),
    );
    const cpuRows = [
      ['POST /requests', r.api],
      ['pgbench', r.pgbench],
      ['HTTP floor (echo, no DB)', r.httpFloor],
    ] as const;
    out.push(
      textTable(
        'write: CPU microseconds per request by process',
        cpuRows.flatMap(([path, run]): Row[] => {
          const cpu = run?.cpuMicrosPerRequest;
          if (!cpu) return [];
          const server = cpu.api ?? cpu.echo ?? 0;
          return [
            { path, server, postgres: cpu.postgres ?? 0, loadGenerator: cpu.loadGenerator ?? 0 },
          ];
        }),
      ),
    );
  } else if (write) out.push(`write rate: ${JSON.stringify(write)}\n`);

  if (e2e) {
    const rows = [...e2e.steps, ...e2e.runs].map((r): Row => ({
      offered: r.offeredPerSecond,
      seconds: r.durationSeconds,
      accepted: r.accepted,
      failed: r.failed,
      httpP50: r.http.p50Ms,
      httpP99: r.http.p99Ms,
      handlerP50: r.toHandler.p50Ms,
      handlerP95: r.toHandler.p95Ms,
      handlerP99: r.toHandler.p99Ms,
      handlerMax: r.toHandler.maxMs,
      discordP50: r.toDiscord.p50Ms,
      discordP95: r.toDiscord.p95Ms,
      discordP99: r.toDiscord.p99Ms,
      discordMax: r.toDiscord.maxMs,
      notHandled: r.missingHandled,
      notOnDiscord: r.missingDiscord,
      slopePerS: r.handlerBacklogSlopePerSecond,
      drainS: r.drainSeconds ?? 'timeout',
      // Left by the previous rate when this one started (kafka lag / discord backlog): 0/0 unless
      // the wait for an empty pipeline ran out.
      startBacklog: `${r.backlogAtStart.consumerLag}/${r.backlogAtStart.discordBacklog}`,
      sustained: r.sustained ? 'yes' : 'NO',
    }));
    out.push(
      textTable(
        `end-to-end latency in ms from HTTP 201 (max sustained ${e2e.maxSustainedPerSecond ?? 'none'}/s)`,
        rows,
      ),
    );
    out.push(cpuTable([...e2e.steps, ...e2e.runs]));
    out.push(memoryTable('memory (RSS MiB)', e2e.memoryAtRestMb, e2e.memoryUnderLoadMb));
  }

  if (dualWrite) {
    out.push(
      textTable(
        'dual write vs outbox under the same load, Kafka broker stopped mid-run (brokerDownS)',
        dualWrite.variants.map((v): Row => ({
          variant: v.variant,
          offered: v.offeredPerSecond,
          accepted: v.accepted,
          failed: v.failed,
          acceptedPerS: v.acceptedPerSecond,
          p50Ms: v.http.p50Ms,
          p99Ms: v.http.p99Ms,
          maxMs: v.http.maxMs,
          brokerDownS: v.outage?.downSeconds ?? 'no outage',
          lost: v.lostAccepted,
          connector: v.connectorAfter,
        })),
      ),
    );
  }

  if (startup?.status === 'measured') {
    out.push(
      textTable(
        `start-up of a fresh stack with cached jars: ${startup.totalSeconds} s to connector RUNNING`,
        startup.steps.map((s): Row => ({ step: s.step, outcome: s.outcome, seconds: s.seconds })),
      ),
    );
  } else if (startup) out.push(`start-up: skipped (${startup.reason})\n`);

  return out.join('\n');
}

/** One row per rate: CPU ms per event of each component, their sum, and the bound it implies. */
function cpuTable(rates: RateResult[]) {
  const rows = rates.flatMap(({ offeredPerSecond, durationSeconds, cpu }): Row[] =>
    cpu
      ? [
          {
            offered: offeredPerSecond,
            seconds: durationSeconds,
            ...cpu.msPerEvent,
            pipeline: cpu.pipelineMsPerEvent,
            cpuBoundPerS: cpu.cpuBoundPerSecond,
          },
        ]
      : [],
  );
  return textTable(
    'CPU ms per event by process, load start to drained (pipeline = all but the bench process)',
    rows,
  );
}

function memoryTable(title: string, rest: Record<string, number>, load: Record<string, number>) {
  const names = [...new Set([...Object.keys(rest), ...Object.keys(load)])];
  return textTable(
    title,
    names.map((name): Row => ({
      process: name,
      atRest: rest[name] ?? 0,
      underLoad: load[name] ?? 0,
    })),
  );
}
