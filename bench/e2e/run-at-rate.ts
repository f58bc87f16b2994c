import type pg from 'pg';
import { cpuUse, type CpuSample, type CpuUse } from '../shared/component-cpu';
import { latencyStats, perSecond, type LatencyStats } from '../shared/latency-stats';
import { nowMs, runOpenLoop } from '../shared/open-loop';
import type { JsonPoster } from '../shared/post-json';
import { backlogSlopePerSecond, startBacklogProbe, type BacklogPoint } from './backlog-probe';
import { readEventTimes } from './event-latencies';
import type { Pipeline } from './start-pipeline';
import type { Order } from './traffic-mix';

export type RateResult = {
  offeredPerSecond: number;
  durationSeconds: number;
  sent: number;
  accepted: number;
  failed: number;
  /** Failed answers by HTTP status; 0 stands for a connection error. */
  failedByStatus: Record<string, number>;
  /** 201 answers per second over the second half of the load. */
  answeredPerSecond: number;
  http: LatencyStats;
  toHandler: LatencyStats;
  toDiscord: LatencyStats;
  missingHandled: number;
  missingDiscord: number;
  handlerBacklogSlopePerSecond: number;
  /** Seconds after the last send until every accepted event was handled and announced. */
  drainSeconds: number | null;
  sustained: boolean;
  /** CPU each component spent per accepted event, from the first send until drained. */
  cpu?: CpuUse;
  overTime: {
    second: number;
    handlerP50Ms: number;
    handlerP99Ms: number;
    discordP50Ms: number;
    discordP99Ms: number;
  }[];
  backlog: BacklogPoint[];
};

/**
 * Offers `ratePerSecond` for `durationSeconds`, waits (bounded) for the pipeline to drain, and
 * measures each accepted entity from its HTTP 201 to its handler's commit and to its Discord
 * message. Sustained means: the API answered what was offered, and the handler backlog did not
 * grow over the second half of the load.
 */
export async function runAtRate(options: {
  pool: pg.Pool;
  pipeline: Pipeline;
  poster: JsonPoster;
  orderFor: (index: number) => Order;
  ratePerSecond: number;
  durationSeconds: number;
  drainTimeoutSeconds: number;
  onSecond?: () => void;
  sampleCpu?: () => CpuSample;
}): Promise<RateResult> {
  const { pool, pipeline, ratePerSecond, durationSeconds } = options;
  const accepted = new Map<number, string>();
  const probe = startBacklogProbe({
    pool,
    consumerGroups: pipeline.consumerGroups,
    accepted: () => accepted.size,
    consumerLag: () => pipeline.consumerLag(),
    ...(options.onSecond ? { onSample: options.onSecond } : {}),
  });

  const cpuBefore = options.sampleCpu?.();
  const { startedAtMs, shots } = await runOpenLoop({
    ratePerSecond,
    durationSeconds,
    async send(index) {
      const order = options.orderFor(index);
      const answer = await options.poster.post(order.path, order.body);
      if (answer.status !== 201) return { status: answer.status };
      const id = (JSON.parse(answer.body) as { id: string }).id;
      accepted.set(index, id);
      return { status: answer.status, id };
    },
  });
  const loadEndedAtMs = nowMs();
  const drainSeconds = await waitForDrain(probe, accepted.size, options.drainTimeoutSeconds);
  await probe.stop();
  const cpuAfter = options.sampleCpu?.();

  const ok = shots.filter((s) => s.result.status === 201);
  const times = await readEventTimes(pool, {
    entityIds: ok.map((s) => s.result.id as string),
    consumerGroups: pipeline.consumerGroups,
    received: pipeline.mock.received,
  });
  const byId = new Map(times.map((t) => [t.entityId, t]));
  const handlerSamples: { atMs: number; valueMs: number }[] = [];
  const discordSamples: { atMs: number; valueMs: number }[] = [];
  for (const shot of ok) {
    const t = byId.get(shot.result.id as string);
    if (t?.handledAtMs !== undefined)
      handlerSamples.push({ atMs: shot.answeredAtMs, valueMs: t.handledAtMs - shot.answeredAtMs });
    if (t?.discordAtMs !== undefined)
      discordSamples.push({ atMs: shot.answeredAtMs, valueMs: t.discordAtMs - shot.answeredAtMs });
  }

  const secondHalfStart = startedAtMs + (durationSeconds * 1000) / 2;
  const lateAnswers = ok.filter(
    (s) => s.answeredAtMs >= secondHalfStart && s.answeredAtMs < loadEndedAtMs,
  ).length;
  const answeredPerSecond = Math.round(lateAnswers / ((loadEndedAtMs - secondHalfStart) / 1000));
  const slope = backlogSlopePerSecond(probe.points, durationSeconds);
  const handlerOverTime = perSecond(handlerSamples, startedAtMs);
  const discordOverTime = new Map(perSecond(discordSamples, startedAtMs).map((p) => [p.second, p]));

  return {
    offeredPerSecond: ratePerSecond,
    durationSeconds,
    sent: shots.length,
    accepted: ok.length,
    failed: shots.length - ok.length,
    failedByStatus: tally(shots.filter((s) => s.result.status !== 201).map((s) => s.result.status)),
    answeredPerSecond,
    http: latencyStats(ok.map((s) => s.answeredAtMs - s.scheduledAtMs)),
    toHandler: latencyStats(handlerSamples.map((s) => s.valueMs)),
    toDiscord: latencyStats(discordSamples.map((s) => s.valueMs)),
    missingHandled: ok.length - handlerSamples.length,
    missingDiscord: ok.length - discordSamples.length,
    handlerBacklogSlopePerSecond: slope,
    drainSeconds,
    // A backlog that grows by more than 2 % of the offered rate each second is not a blip.
    sustained: answeredPerSecond >= ratePerSecond * 0.97 && slope <= ratePerSecond * 0.02,
    ...(cpuBefore && cpuAfter ? { cpu: cpuUse(cpuBefore, cpuAfter, ok.length) } : {}),
    overTime: handlerOverTime.map((h) => ({
      second: h.second,
      handlerP50Ms: h.p50Ms,
      handlerP99Ms: h.p99Ms,
      discordP50Ms: discordOverTime.get(h.second)?.p50Ms ?? 0,
      discordP99Ms: discordOverTime.get(h.second)?.p99Ms ?? 0,
    })),
    backlog: probe.points,
  };
}

async function waitForDrain(
  probe: ReturnType<typeof startBacklogProbe>,
  acceptedTotal: number,
  timeoutSeconds: number,
): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const latest = probe.latest();
    if (latest?.accepted === acceptedTotal && latest.handlerBacklog <= 0 && !latest.discordBacklog)
      return Math.round((Date.now() - started) / 100) / 10;
  }
  return null;
}

function tally(statuses: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}
