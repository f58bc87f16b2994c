import type { RateResult } from '../e2e/run-at-rate';
import type { BenchResults } from './bench-results';
import { escapeHtml, lineChart } from './line-chart';
import { printTables } from './print-tables';

function rateCharts(run: RateResult): string {
  const latency = lineChart({
    title: `${run.offeredPerSecond}/s: latency from HTTP 201, per second of the run`,
    xLabel: 'second of the run',
    yLabel: 'ms',
    series: [
      {
        name: 'handler p50',
        color: '#1f77b4',
        points: run.overTime.map((p) => [p.second, p.handlerP50Ms]),
      },
      {
        name: 'handler p99',
        color: '#aec7e8',
        points: run.overTime.map((p) => [p.second, p.handlerP99Ms]),
      },
      {
        name: 'discord p50',
        color: '#d62728',
        points: run.overTime.map((p) => [p.second, p.discordP50Ms]),
      },
      {
        name: 'discord p99',
        color: '#ff9896',
        points: run.overTime.map((p) => [p.second, p.discordP99Ms]),
      },
    ],
  });
  const backlog = lineChart({
    title: `${run.offeredPerSecond}/s: backlog: accepted not handled, of it still in Kafka, notifications not delivered`,
    xLabel: 'second since the load started',
    yLabel: 'rows',
    series: [
      {
        name: 'handler backlog',
        color: '#2ca02c',
        points: run.backlog.map((p) => [p.second, p.handlerBacklog]),
      },
      {
        name: 'kafka consumer lag',
        color: '#ff7f0e',
        points: run.backlog.map((p) => [p.second, Math.max(0, p.consumerLag)]),
      },
      {
        name: 'discord backlog',
        color: '#9467bd',
        points: run.backlog.map((p) => [p.second, p.discordBacklog]),
      },
    ],
  });
  return `<div>${latency}</div><div>${backlog}</div>`;
}

/**
 * One HTML page with no external resources: the same tables as the terminal, and for each
 * end-to-end run its latency and backlog over time as inline SVG.
 */
export function renderHtmlReport(results: BenchResults): string {
  const charts = results.e2e
    ? [...results.e2e.steps, ...results.e2e.runs].map(rateCharts).join('\n')
    : '<p>no end-to-end run</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SipEat benchmark ${escapeHtml(results.startedAt)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1100px}pre{background:#f6f6f6;padding:1em;overflow-x:auto;font-size:12px}</style>
</head><body>
<h1>SipEat benchmark</h1>
<p>${escapeHtml(results.startedAt)} &middot; <code>npm run bench -- ${escapeHtml(results.command)}</code> &middot; ${results.machine.cpus} CPUs, Node ${escapeHtml(results.machine.node)}</p>
<h2>Tables</h2>
<pre>${escapeHtml(printTables(results))}</pre>
<h2>End-to-end over time</h2>
${charts}
</body></html>
`;
}
