import { describe, expect, it } from 'vitest';
import { parseFaultSpec, seededFaults, targetedFaults } from './fault-injector';

describe('fault injector', () => {
  it('parses rates and seed', () => {
    expect(parseFaultSpec('payment:0.05,dispense:0.02;seed=42')).toEqual({
      ok: true,
      rates: { payment: 0.05, dispense: 0.02 },
      seed: 42,
    });
    expect(parseFaultSpec('teleport:0.5').ok).toBe(false);
  });

  it('gives the same answer for the same seed and key, near the asked rate', () => {
    const faults = seededFaults({ rates: { payment: 0.1 }, seed: 7 });
    const keys = Array.from({ length: 2_000 }, (_, i) => `request-${i}`);
    const first = keys.map((k) => faults.failure('payment', k) !== undefined);
    expect(keys.map((k) => faults.failure('payment', k) !== undefined)).toEqual(first);
    const rate = first.filter(Boolean).length / keys.length;
    expect(rate).toBeGreaterThan(0.07);
    expect(rate).toBeLessThan(0.13);
  });

  it('fails only what a test names', () => {
    const faults = targetedFaults();
    faults.fail('dispense', 'machine-1');
    expect(faults.failure('dispense', 'machine-1')).toEqual({ kind: 'refusal' });
    expect(faults.failure('dispense', 'machine-2')).toBeUndefined();
  });
});
