/** A place machines may not be installed; `city: '*'` covers the whole country. */
export type RestrictedArea = { country: string; city: string };

/**
 * Placeholder defaults for demos, not legal advice: places we have no operating permit for.
 * Deployments set RESTRICTED_AREAS (`Country:City,Country:*`).
 */
export const defaultRestrictedAreas =
  'Antarctica:*,North Korea:*,Vatican City:*,Monaco:Monte Carlo';

export function parseRestrictedAreas(spec: string): RestrictedArea[] {
  return spec
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [country = '', city = '*'] = entry.split(':').map((s) => s.trim());
      return { country, city: city || '*' };
    });
}

const normalise = (s: string) => s.trim().toLocaleLowerCase('en');

export function findRestriction(
  areas: RestrictedArea[],
  place: { country: string; city: string },
): RestrictedArea | undefined {
  return areas.find(
    (area) =>
      normalise(area.country) === normalise(place.country) &&
      (area.city === '*' || normalise(area.city) === normalise(place.city)),
  );
}
