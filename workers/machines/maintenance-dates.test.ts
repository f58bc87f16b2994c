import { describe, expect, it } from 'vitest';
import { maintenanceDates } from './maintenance-dates';

describe('maintenance dates', () => {
  it('starts 30 days after installation, then monthly, clamped to short months', () => {
    expect(maintenanceDates(new Date('2026-01-01T10:00:00Z'), 3)).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
    ]);
  });
});
