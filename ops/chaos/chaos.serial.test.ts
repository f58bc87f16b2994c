import { describe, expect, it } from 'vitest';
import { faultKinds } from './faults';
import { formatChaosReport } from './report';
import { runChaos } from './run-chaos';

const nativeStack = (process.env.SIPEAT_STACK ?? 'native') === 'native';

/**
 * The CI-sized fault campaign: every kind of fault once, under load, then every accepted entity
 * checked. The long run (`npm run chaos`) is the same code with more time and faults.
 */
describe.skipIf(!nativeStack)('fault campaign', () => {
  it('loses nothing and applies nothing twice while every process is killed in turn', async () => {
    const lines: string[] = [];
    const report = await runChaos({
      seed: 20261204,
      loadMs: 150_000,
      faults: faultKinds.length,
      rate: 4,
      settleTimeoutMs: 240_000,
      portBase: 3450,
      toolchain: { javaHome: process.env.JAVA_HOME, pgBin: process.env.PG_BIN },
      say: (text) => lines.push(text),
    });
    const text = formatChaosReport(report);
    process.stdout.write(`${text}\n`);
    // The report is the failure message: it names what was lost or duplicated.
    expect(report.passed, `${lines.join('\n')}\n${text}`).toBe(true);
    expect(new Set(report.faults.map((f) => f.kind))).toEqual(new Set(faultKinds));
    expect(report.findings.lost).toEqual([]);
    expect(report.findings.duplicatedEffects).toEqual([]);
    expect(report.findings.checked.request).toBeGreaterThan(100);
    // The Discord faults did bite: sends of unknown outcome (slow answers), and 429s.
    expect(report.findings.discord.ambiguousSends).toBeGreaterThan(0);
    expect(report.discordRateLimited).toBeGreaterThan(0);
  }, 900_000);
});
