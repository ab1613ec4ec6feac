import { seriesColors } from './chart-colors.js';
import { formatPercent } from './format-number.js';
import { escapeHtml } from './html-escape.js';
import { reportNote } from './report-note.js';
import { svgLineChart } from './svg-line-chart.js';
import type { CurvePoint } from './types.js';

// The log x axis reaches this factor beyond the smallest and largest shots.
const X_MARGIN = 1.15;
// Up to this many distinct shot counts each get a tick; more would crowd the axis, so round ones are used.
const MAX_SHOT_TICKS = 10;

/** Options of {@link renderCurves}. */
export interface CurvesOptions {
  series: ReadonlyArray<{ name: string; points: readonly CurvePoint[] }>;
  xLabel?: string;
  yLabel?: string;
}

/**
 * Learning curves (e.g. transfer against training from scratch): accuracy against examples per class on a log
 * x axis, since the interesting part is the first few shots, one colour per series with error bars of one
 * standard deviation; beside it the same figures as a table.
 */
export function renderCurves({ series, xLabel, yLabel }: CurvesOptions): string {
  if (series.every((s) => s.points.length === 0))
    return reportNote('No learning-curve points were recorded.');
  const colors = seriesColors(series.map((s) => s.name));
  const shots = [...new Set(series.flatMap((s) => s.points.map((p) => p.shots)))]
    .filter((k) => k > 0 && Number.isFinite(k))
    .sort((a, b) => a - b);
  // A little room either side, so the first and last error bars do not sit on the axis lines.
  const xDomain: [number, number] | undefined =
    shots.length > 0 ? [shots[0] / X_MARGIN, shots[shots.length - 1] * X_MARGIN] : undefined;
  // Experiments choose their shot counts, so ticks at exactly those read best (1, 2, 5, 10... or 3, 7, 15).
  const xTicks = shots.length <= MAX_SHOT_TICKS ? shots : undefined;
  const chart = svgLineChart({
    label: `${yLabel ?? 'Accuracy'} against ${xLabel ?? 'examples per class'}`,
    width: 640,
    height: 380,
    xScale: 'log',
    xDomain,
    xTicks,
    xLabel: xLabel ?? 'examples per class (log scale)',
    yLabel: yLabel ?? 'test accuracy',
    yDomain: [0, 1],
    formatX: (x) => String(x),
    formatY: (y) => formatPercent(y, 0),
    series: series.map((s, i) => ({
      name: s.name,
      color: colors[i],
      points: s.points.map((p) => ({ x: p.shots, y: p.accuracy, err: p.std })),
    })),
  });
  return `<div class="chart-with-table"><div class="chart-wide">${chart}</div>${curveTable(series, colors)}</div>`;
}

function curveTable(series: CurvesOptions['series'], colors: string[]): string {
  const shots = [...new Set(series.flatMap((s) => s.points.map((p) => p.shots)))].sort((a, b) => a - b);
  const head = series
    .map(
      (s, i) =>
        `<th><span class="swatch" style="background:${escapeHtml(colors[i])}"></span>${escapeHtml(s.name)}</th>`,
    )
    .join('');
  const rows = shots.map((k) => {
    const cells = series.map((s) => {
      const p = s.points.find((q) => q.shots === k);
      if (p === undefined) return '<td></td>';
      const std =
        p.std !== undefined && p.std > 0 ? `<span class="muted"> ±${(p.std * 100).toFixed(1)}</span>` : '';
      return `<td>${formatPercent(p.accuracy)}${std}</td>`;
    });
    return `<tr><td>${escapeHtml(String(k))}</td>${cells.join('')}</tr>`;
  });
  return `<table class="data numeric"><thead><tr><th>shots</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
