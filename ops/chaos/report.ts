import { faultKinds } from './faults';
import type { ChaosReport } from './run-chaos';

const list = (items: string[], max = 10) =>
  items.length === 0
    ? ''
    : `\n${items
        .slice(0, max)
        .map((i) => `      ${i}`)
        .join('\n')}${items.length > max ? `\n      … and ${items.length - max} more` : ''}`;

/** The campaign's report as a person reads it. */
export function formatChaosReport(report: ChaosReport): string {
  const { load, findings: f, options } = report;
  const seconds = (load.endedAt - load.startedAt) / 1000;
  const byKind = faultKinds
    .map((kind) => [kind, report.faults.filter((x) => x.kind === kind).length] as const)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const exits = Object.entries(report.unexpectedExits)
    .map(([name, list]) => `${name} ${list.length}`)
    .join(', ');
  const states = Object.entries(f.finalStates)
    .sort()
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  const lines = [
    `chaos report (seed ${options.seed}, ${options.loadMs / 1000} s of load offered at ${options.rate}/s)`,
    `  load held            ${(load.acceptedCount / seconds).toFixed(1)} accepted/s (${load.acceptedCount} accepted, ${load.offered} offered, ${load.skipped} skipped for lack of capacity)`,
    `  faults injected      ${report.faults.length}: ${byKind}`,
    `  entities checked     machines ${f.checked.machine}, contacts ${f.checked.contact}, requests ${f.checked.request}`,
    `  final states         ${states}`,
    `  lost                 ${f.lost.length}${list(f.lost)}`,
    `  duplicated effects   ${f.duplicatedEffects.length}${list(f.duplicatedEffects)}`,
    `  Discord              ${f.discord.messages} messages, ${f.discord.duplicates} duplicates (${f.discord.unexplainedDuplicates.length} not after a cut send)${list(f.discord.unexplainedDuplicates)}`,
    `  welcome emails       ${f.welcomeEmails.sent} sent, ${f.welcomeEmails.duplicates} duplicates, ${f.welcomeEmails.missing.length} missing${list(f.welcomeEmails.missing)}`,
    `  dead letters         ${f.deadLettered.length}${list(f.deadLettered)}`,
    `  dead notifications   ${f.deadNotifications.length}${list(f.deadNotifications)}`,
    `  HTTP 5xx             ${load.serverErrors.length} (${f.http.serverErrorsOutsideOutage.length} outside a database outage)${list(f.http.serverErrorsOutsideOutage)}`,
    `  HTTP refused (4xx)   ${f.http.refused.length}${list(f.http.refused)}`,
    `  gave up / row behind ${load.gaveUp.length} / ${f.http.rowsBehindGiveUps.length}${list(f.http.rowsBehindGiveUps)}`,
    `  unexpected exits     ${exits}`,
    `  time to settle       ${report.settled.settled ? `${(report.settled.ms / 1000).toFixed(1)} s` : `not settled within ${options.settleTimeoutMs / 1000} s`}`,
    `  result               ${report.passed ? 'PASS: nothing lost, nothing applied twice' : 'FAIL'}`,
  ];
  return lines.join('\n');
}
