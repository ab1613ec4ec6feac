import { formatNumber, formatPercent } from './format-number.js';
import { reportNote } from './report-note.js';
import { svgLineChart } from './svg-line-chart.js';

/**
 * A ROC curve: true-positive against false-positive rate, the area under it shaded and named in the legend,
 * and the chance diagonal for reference; beside it the AUROC and the true-positive rate reached at a few
 * false-positive budgets, which is what choosing a threshold trades.
 */
export function renderRoc(points: ReadonlyArray<{ fpr: number; tpr: number }>, auroc: number): string {
  const finite = points.filter((p) => Number.isFinite(p.fpr) && Number.isFinite(p.tpr));
  if (finite.length === 0) return reportNote('No ROC points were recorded.');
  const curve = finite.map((p) => ({ x: p.fpr, y: p.tpr })).sort((a, b) => a.x - b.x || a.y - b.y);
  // Every ROC curve runs from (0,0) to (1,1); a caller that leaves the ends out still gets a whole curve.
  if (curve[0].x > 0 || curve[0].y > 0) curve.unshift({ x: 0, y: 0 });
  const last = curve[curve.length - 1];
  if (last.x < 1 || last.y < 1) curve.push({ x: 1, y: 1 });
  const chart = svgLineChart({
    label: `ROC curve, AUROC ${formatNumber(auroc)}`,
    width: 460,
    height: 420,
    xLabel: 'false-positive rate',
    yLabel: 'true-positive rate',
    xDomain: [0, 1],
    yDomain: [0, 1],
    xTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    yTicks: [0, 0.2, 0.4, 0.6, 0.8, 1],
    formatX: (x) => formatPercent(x, 0),
    formatY: (y) => formatPercent(y, 0),
    series: [
      {
        name: `ROC (AUROC ${Number.isFinite(auroc) ? auroc.toFixed(3) : '–'})`,
        color: '#2563eb',
        points: curve,
        area: true,
      },
    ],
    guides: [{ from: [0, 0], to: [1, 1], name: 'chance (0.5)' }],
  });
  const operating = [0.01, 0.05, 0.1, 0.2].map((target) => {
    // The best rate reached without going over the false-positive budget: what a threshold there would give.
    const tpr = Math.max(0, ...curve.filter((p) => p.x <= target + 1e-12).map((p) => p.y));
    return `<tr><td>${formatPercent(target, 0)}</td><td>${formatPercent(tpr)}</td></tr>`;
  });
  const side =
    `<div class="roc-side"><h3>AUROC</h3><div class="big-figure">${Number.isFinite(auroc) ? auroc.toFixed(3) : '–'}</div>` +
    '<p class="muted">Area under the ROC curve: the chance that a random positive scores above a random ' +
    'negative. 0.5 is guessing, 1 is perfect.</p>' +
    '<table class="data numeric"><thead><tr><th>false positives at most</th><th>true positives</th></tr></thead>' +
    `<tbody>${operating.join('')}</tbody></table></div>`;
  return `<div class="chart-with-side"><div class="chart-narrow">${chart}</div>${side}</div>`;
}
