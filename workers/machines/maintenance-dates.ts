/**
 * Visit dates (UTC, `YYYY-MM-DD`): the first 30 days after installation, then one a month on
 * the same day of the month, clamped to the month's last day (Jan 31 -> Feb 28).
 */
export function maintenanceDates(installedAt: Date, count: number): string[] {
  const first = new Date(installedAt.getTime() + 30 * 24 * 60 * 60 * 1_000);
  const day = first.getUTCDate();
  return Array.from({ length: count }, (_, i) => {
    const year = first.getUTCFullYear();
    const month = first.getUTCMonth() + i;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return new Date(Date.UTC(year, month, Math.min(day, lastDay))).toISOString().slice(0, 10);
  });
}
