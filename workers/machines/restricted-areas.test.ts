import { describe, expect, it } from 'vitest';
import { findRestriction, parseRestrictedAreas } from './restricted-areas';

describe('restricted areas', () => {
  const areas = parseRestrictedAreas('Antarctica:*, Monaco:Monte Carlo');

  it('matches whole countries and single cities, ignoring case', () => {
    expect(findRestriction(areas, { country: 'antarctica', city: 'McMurdo' })).toBeDefined();
    expect(findRestriction(areas, { country: 'Monaco', city: 'monte carlo' })).toBeDefined();
    expect(findRestriction(areas, { country: 'Monaco', city: 'Fontvieille' })).toBeUndefined();
  });
});
