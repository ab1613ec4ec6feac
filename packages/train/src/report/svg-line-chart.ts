import { linearTicks, logTicks, niceCeil } from './chart-ticks.js';
import { formatNumber } from './format-number.js';
import { escapeHtml } from './html-escape.js';

/** A point of a series; `err` draws an error bar from `y - err` to `y + err`. */
export interface ChartPoint {
  x: number;
  y: number;
  err?: number;
}

/** One line of a chart. */
export interface ChartSeries {
  name: string;
  color: string;
  points: ChartPoint[];
  dashed?: boolean;
  /** Shades the area under the line (a ROC curve's area). */
  area?: boolean;
}

/** A straight reference line, e.g. the chance diagonal of a ROC curve; named ones appear in the legend. */
export interface ChartGuide {
  from: [number, number];
  to: [number, number];
  name?: string;
}

/** Options of {@link svgLineChart}. */
export interface LineChartOptions {
  /** What the chart shows, for screen readers and the tooltip of the whole picture. */
  label: string;
  series: ChartSeries[];
  width?: number;
  height?: number;
  xScale?: 'linear' | 'log';
  xLabel?: string;
  yLabel?: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
  xTicks?: number[];
  yTicks?: number[];
  /** Only whole-number x ticks (epochs). */
  integerX?: boolean;
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
  guides?: ChartGuide[];
}

const PAD = { left: 62, right: 20, top: 14, bottom: 48 };
const LEGEND_ROW = 18;
// Roughly the advance of a 12px system-font character: enough to lay out the legend without measuring text.
const CHAR_WIDTH = 6.8;
// Above this many points per series the dots would merge into a thick line, so only the line is drawn.
const MAX_DOTS = 30;

/**
 * A line chart as inline SVG (no script, no external font): axes with round ticks and labels, light grid
 * lines, a legend above the plot, one `<path class="line">` per series with points as dots (each with a
 * hover tooltip), optional error bars, area shading and reference lines. Non-finite points (a diverged loss)
 * are left out rather than breaking the path; on a log x axis so are points at or below zero.
 */
export function svgLineChart(options: LineChartOptions): string {
  const width = options.width ?? 520;
  const height = options.height ?? 320;
  const log = options.xScale === 'log';
  const formatX = options.formatX ?? formatNumber;
  const formatY = options.formatY ?? formatNumber;
  const series = options.series.map((s) => ({
    ...s,
    points: s.points
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!log || p.x > 0))
      .sort((a, b) => a.x - b.x),
  }));
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y + (p.err ?? 0)));
  const [x0, x1] = options.xDomain ?? domainOf(xs, log);
  const [y0, y1] = options.yDomain ?? [0, niceCeil(Math.max(0, ...ys))];

  const legend = [
    ...series.map((s) => ({ name: s.name, color: s.color, dashed: s.dashed ?? false, dot: true })),
    ...(options.guides ?? [])
      .filter((g) => g.name !== undefined)
      .map((g) => ({ name: g.name ?? '', color: '#9ca3af', dashed: true, dot: false })),
  ];
  const plotLeft = PAD.left;
  const plotRight = width - PAD.right;
  const legendRows = layoutLegend(
    legend.map((l) => l.name),
    plotRight - plotLeft,
  );
  const plotTop = PAD.top + legendRows.rows * LEGEND_ROW + 6;
  const plotBottom = height - PAD.bottom;

  const tx = (v: number) => (log ? Math.log(v) : v);
  const sx = (v: number) => plotLeft + ((tx(v) - tx(x0)) / (tx(x1) - tx(x0) || 1)) * (plotRight - plotLeft);
  const sy = (v: number) => plotBottom - ((clamp(v, y0, y1) - y0) / (y1 - y0 || 1)) * (plotBottom - plotTop);

  const xTicks = (
    options.xTicks ?? (log ? logTicks(x0, x1) : linearTicks(x0, x1, 6, options.integerX))
  ).filter((t) => t >= x0 - 1e-9 && t <= x1 + 1e-9);
  const yTicks = (options.yTicks ?? linearTicks(y0, y1, 5)).filter((t) => t >= y0 - 1e-9 && t <= y1 + 1e-9);

  const out: string[] = [
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(options.label)}">`,
    `<title>${escapeHtml(options.label)}</title>`,
  ];
  for (const t of yTicks) {
    out.push(
      `<line class="grid" x1="${plotLeft}" x2="${plotRight}" y1="${n(sy(t))}" y2="${n(sy(t))}"/>`,
      `<text class="tick" x="${plotLeft - 8}" y="${n(sy(t) + 4)}" text-anchor="end">${escapeHtml(formatY(t))}</text>`,
    );
  }
  for (const t of xTicks) {
    out.push(
      `<line class="grid" x1="${n(sx(t))}" x2="${n(sx(t))}" y1="${plotTop}" y2="${plotBottom}"/>`,
      `<line class="axis" x1="${n(sx(t))}" x2="${n(sx(t))}" y1="${plotBottom}" y2="${plotBottom + 5}"/>`,
      `<text class="tick" x="${n(sx(t))}" y="${plotBottom + 19}" text-anchor="middle">${escapeHtml(formatX(t))}</text>`,
    );
  }
  out.push(
    `<line class="axis" x1="${plotLeft}" x2="${plotLeft}" y1="${plotTop}" y2="${plotBottom}"/>`,
    `<line class="axis" x1="${plotLeft}" x2="${plotRight}" y1="${plotBottom}" y2="${plotBottom}"/>`,
  );
  if (options.xLabel) {
    out.push(
      `<text class="axis-label" x="${n((plotLeft + plotRight) / 2)}" y="${height - 8}" text-anchor="middle">${escapeHtml(options.xLabel)}</text>`,
    );
  }
  if (options.yLabel) {
    const cy = n((plotTop + plotBottom) / 2);
    out.push(
      `<text class="axis-label" x="16" y="${cy}" text-anchor="middle" transform="rotate(-90 16 ${cy})">${escapeHtml(options.yLabel)}</text>`,
    );
  }
  for (const g of options.guides ?? []) {
    out.push(
      `<line class="guide" x1="${n(sx(g.from[0]))}" y1="${n(sy(g.from[1]))}" x2="${n(sx(g.to[0]))}" y2="${n(sy(g.to[1]))}"/>`,
    );
  }

  for (const s of series) {
    if (s.points.length === 0) continue;
    const color = escapeHtml(s.color);
    const coords = s.points.map((p) => `${n(sx(p.x))} ${n(sy(p.y))}`);
    if (s.area) {
      const first = s.points[0];
      const last = s.points[s.points.length - 1];
      out.push(
        `<path class="area" fill="${color}" d="M${n(sx(first.x))} ${n(sy(y0))} L${coords.join(' L')} L${n(sx(last.x))} ${n(sy(y0))} Z"/>`,
      );
    }
    for (const p of s.points) {
      if (!(p.err !== undefined && p.err > 0 && Number.isFinite(p.err))) continue;
      const x = n(sx(p.x));
      const top = n(sy(p.y + p.err));
      const bottom = n(sy(p.y - p.err));
      out.push(
        `<g class="err" stroke="${color}"><line x1="${x}" x2="${x}" y1="${top}" y2="${bottom}"/>` +
          `<line x1="${n(sx(p.x) - 4)}" x2="${n(sx(p.x) + 4)}" y1="${top}" y2="${top}"/>` +
          `<line x1="${n(sx(p.x) - 4)}" x2="${n(sx(p.x) + 4)}" y1="${bottom}" y2="${bottom}"/></g>`,
      );
    }
    out.push(
      `<path class="line" data-series="${escapeHtml(s.name)}" stroke="${color}"${s.dashed ? ' stroke-dasharray="6 4"' : ''} d="M${coords.join(' L')}"/>`,
    );
    // A single point is drawn as a dot whatever the count limit: a 1-epoch run must still show something.
    if (s.points.length <= MAX_DOTS || s.points.length === 1) {
      // A lone point is the whole series: drawn larger, so it reads as data rather than a speck.
      const radius = s.points.length === 1 ? 5 : 3.5;
      for (const p of s.points) {
        const err = p.err !== undefined && p.err > 0 ? ` ± ${formatY(p.err)}` : '';
        const tip = `${s.name}: ${formatX(p.x)} → ${formatY(p.y)}${err}`;
        out.push(
          `<circle class="dot" cx="${n(sx(p.x))}" cy="${n(sy(p.y))}" r="${radius}" fill="${color}"><title>${escapeHtml(tip)}</title></circle>`,
        );
      }
    }
  }

  legend.forEach((item, i) => {
    const { x, row } = legendRows.positions[i];
    const lx = plotLeft + x;
    const ly = PAD.top + row * LEGEND_ROW;
    const color = escapeHtml(item.color);
    out.push(
      `<g class="legend-item"><line x1="${n(lx)}" x2="${n(lx + 22)}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2.5"${item.dashed ? ' stroke-dasharray="5 3"' : ''}/>` +
        (item.dot ? `<circle cx="${n(lx + 11)}" cy="${ly}" r="3.5" fill="${color}"/>` : '') +
        `<text class="legend" x="${n(lx + 28)}" y="${ly + 4}">${escapeHtml(item.name)}</text></g>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Places legend entries left to right, wrapping to a new row when the plot width is used up. */
function layoutLegend(names: string[], width: number) {
  const positions: Array<{ x: number; row: number }> = [];
  let x = 0;
  let row = 0;
  for (const name of names) {
    const w = 28 + name.length * CHAR_WIDTH + 18;
    if (x > 0 && x + w > width) {
      x = 0;
      row++;
    }
    positions.push({ x, row });
    x += w;
  }
  return { positions, rows: names.length === 0 ? 0 : row + 1 };
}

/** The data's x range; a single value gets room around it so its dot sits in the middle, not on an edge. */
function domainOf(xs: number[], log: boolean): [number, number] {
  if (xs.length === 0) return log ? [1, 100] : [0, 1];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  if (hi > lo) return [lo, hi];
  return log ? [lo / 2, hi * 2] : [lo - 0.5, hi + 0.5];
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

// One decimal is sub-pixel at any zoom and keeps the document small.
function n(v: number): string {
  return String(Math.round(v * 10) / 10);
}
