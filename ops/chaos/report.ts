import { faultKinds } from './faults';
import type { ChaosReport } from './run-chaos';

const indented = (items: string[], max = 10) =>
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
  const exits = Object.entries(report.unexpectedExits);
  const states = Object.entries(f.finalStates)
    .sort()
    .map(([state, n]) => `${state} ${n}`)
    .join(', ');
  const lines = [
    `chaos report (seed ${options.seed}, load offered at ${options.rate}/s for ${seconds.toFixed(0)} s)`,
    `  load held            ${(load.acceptedCount / seconds).toFixed(1)} accepted/s (${load.acceptedCount} accepted, ${load.offered} offered, ${load.skipped} skipped for lack of capacity)`,
    `  faults injected      ${report.faults.length}: ${byKind}`,
    `  entities checked     machines ${f.checked.machine}, contacts ${f.checked.contact}, requests ${f.checked.request}`,
    `  final states         ${states}`,
    `  lost                 ${f.lost.length}${indented(f.lost)}`,
    `  wrong outcomes       ${f.wrongOutcomes.length}${indented(f.wrongOutcomes)}`,
    `  duplicated effects   ${f.duplicatedEffects.length}${indented(f.duplicatedEffects)}`,
    `  Discord              ${f.discord.messages} messages, ${f.discord.duplicates} duplicates after ${f.discord.ambiguousSends} sends of unknown outcome, ${f.discord.unexplained.length} unexplained; ${report.discordRateLimited} answers were 429${indented(f.discord.unexplained)}`,
    `  welcome emails       ${f.welcomeEmails.sent} sent, ${f.welcomeEmails.duplicates} repeated, ${f.welcomeEmails.missing.length} missing${indented(f.welcomeEmails.missing)}`,
    `  dead letters         ${f.deadLettered.length}${indented(f.deadLettered)}`,
    `  dead notifications   ${f.deadNotifications.length}${indented(f.deadNotifications)}`,
    `  HTTP 5xx             ${load.serverErrors.length} (${f.http.serverErrorsOutsideOutage.length} outside a database outage)${indented(f.http.serverErrorsOutsideOutage)}`,
    `  HTTP refused (4xx)   ${f.http.refused.length}${indented(f.http.refused)}`,
    `  gave up / row behind ${load.gaveUp.length} / ${f.http.rowsBehindGiveUps.length}${indented(f.http.rowsBehindGiveUps)}`,
    `  unexpected exits     ${exits.map(([name, list]) => `${name} ${list.length}`).join(', ')}${indented(exits.flatMap(([name, list]) => list.map((e) => `${name}: ${e}`)))}`,
    `  time to settle       ${report.settled.settled ? `${(report.settled.ms / 1000).toFixed(1)} s` : `not settled within ${options.settleTimeoutMs / 1000} s`}`,
    `  result               ${report.passed ? 'PASS' : 'FAIL'}`,
  ];
  return lines.join('\n');
}
