import { formatPercent } from './format-number.js';
import { escapeHtml } from './html-escape.js';
import { reportNote } from './report-note.js';
import type { ReportClassMetrics } from './types.js';

/**
 * Precision, recall and F1 per class as a table, each figure with a small bar behind it so the weak classes
 * stand out down the column; support (the number of test images) says how far to trust each row.
 */
export function renderClasses(perClass: Readonly<Record<string, ReportClassMetrics>>): string {
  const entries = Object.entries(perClass);
  if (entries.length === 0) return reportNote('No per-class figures were recorded.');
  const rows = entries.map(
    ([name, m]) =>
      `<tr><th scope="row">${escapeHtml(name)}</th>${bar(m.precision)}${bar(m.recall)}${bar(m.f1)}` +
      `<td class="num">${escapeHtml(String(m.support))}</td></tr>`,
  );
  return (
    '<table class="data classes"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>F1</th>' +
    `<th class="num">support</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function bar(value: number): string {
  const width = Number.isFinite(value) ? Math.round(Math.min(1, Math.max(0, value)) * 100) : 0;
  // Below 80% a figure is worth a second look; the colour says so before the number is read.
  const tone = !Number.isFinite(value) ? '' : value >= 0.9 ? 'good' : value >= 0.8 ? 'fair' : 'poor';
  return (
    `<td class="bar-cell"><div class="bar"><div class="fill ${tone}" style="width:${width}%"></div></div>` +
    `<span class="num">${formatPercent(value)}</span></td>`
  );
}
