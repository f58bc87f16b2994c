export type Series = { name: string; color: string; points: [number, number][] };

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A self-contained SVG line chart: linear axes from zero, five ticks each, a legend on top. */
export function lineChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
}): string {
  const { width = 720, height = 300 } = options;
  const pad = { left: 64, right: 16, top: 40, bottom: 40 };
  const all = options.series.flatMap((s) => s.points);
  const maxX = Math.max(1, ...all.map(([x]) => x));
  const maxY = Math.max(1, ...all.map(([, y]) => y)) * 1.05;
  const sx = (x: number) => pad.left + (x / maxX) * (width - pad.left - pad.right);
  const sy = (y: number) => height - pad.bottom - (y / maxY) * (height - pad.top - pad.bottom);

  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks
    .map((t) => {
      const y = sy(t * maxY);
      const x = sx(t * maxX);
      return (
        `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y}" y2="${y}" stroke="#eee"/>` +
        `<text x="${pad.left - 6}" y="${y + 4}" text-anchor="end">${(t * maxY).toFixed(maxY < 10 ? 1 : 0)}</text>` +
        `<text x="${x}" y="${height - pad.bottom + 16}" text-anchor="middle">${Math.round(t * maxX)}</text>`
      );
    })
    .join('');
  const lines = options.series
    .map((s) => {
      const d = s.points.map(
        ([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`,
      );
      return `<path d="${d.join('')}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`;
    })
    .join('');
  const legend = options.series
    .map(
      (s, i) =>
        `<rect x="${pad.left + i * 150}" y="22" width="10" height="10" fill="${s.color}"/>` +
        `<text x="${pad.left + i * 150 + 14}" y="31">${escape(s.name)}</text>`,
    )
    .join('');

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">` +
    `<text x="${pad.left}" y="14" font-size="13" font-weight="bold">${escape(options.title)}</text>` +
    grid +
    lines +
    legend +
    `<text x="${width / 2}" y="${height - 6}" text-anchor="middle">${escape(options.xLabel)}</text>` +
    `<text transform="translate(14 ${height / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel)}</text>` +
    '</svg>'
  );
}

export { escape as escapeHtml };
