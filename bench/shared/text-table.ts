/** A plain-text table with right-aligned numbers, for terminal output. */
export function textTable(title: string, rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return `${title}\n  (no rows)\n`;
  const columns = Object.keys(rows[0]!);
  const cell = (row: Record<string, string | number>, column: string) => String(row[column] ?? '');
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row, column).length)),
  );
  const line = (values: string[], numeric: boolean[]) =>
    values
      .map((value, i) => (numeric[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!)))
      .join('  ');
  const numeric = columns.map((column) => typeof rows[0]![column] === 'number');
  return [
    title,
    `  ${line(columns, numeric)}`,
    `  ${widths.map((w) => '-'.repeat(w)).join('  ')}`,
    ...rows.map(
      (row) =>
        `  ${line(
          columns.map((c) => cell(row, c)),
          numeric,
        )}`,
    ),
    '',
  ].join('\n');
}
