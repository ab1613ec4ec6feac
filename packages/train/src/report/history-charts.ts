import { seriesColors } from './chart-colors.js';
import { formatNumber, formatPercent } from './format-number.js';
import { escapeHtml } from './html-escape.js';
import { reportNote } from './report-note.js';
import { type ChartSeries, svgLineChart } from './svg-line-chart.js';
import type { HistoryPoint } from './types.js';

type Key = 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy';

/**
 * Training history as two charts side by side, loss and accuracy per epoch (train solid, validation dashed),
 * each with a caption of the final and best figures, and the numbers per epoch in a collapsed table.
 */
export function renderHistory(history: readonly HistoryPoint[]): string {
  if (history.length === 0) return reportNote('No epochs were recorded.');
  const epochs = [...history].sort((a, b) => a.epoch - b.epoch);
  const [train, val] = seriesColors(['train', 'validation']);
  const line = (name: string, color: string, key: Key, dashed: boolean): ChartSeries[] => {
    const points = epochs
      .filter((e) => typeof e[key] === 'number')
      .map((e) => ({ x: e.epoch, y: e[key] as number }));
    return points.length > 0 ? [{ name, color, points, dashed }] : [];
  };

  const lossSeries = [...line('train', train, 'loss', false), ...line('validation', val, 'valLoss', true)];
  const accSeries = [
    ...line('train', train, 'accuracy', false),
    ...line('validation', val, 'valAccuracy', true),
  ];
  const figures = [
    figure(
      'Loss',
      svgLineChart({
        label: 'Loss per epoch',
        series: lossSeries,
        xLabel: 'epoch',
        yLabel: 'loss',
        integerX: true,
      }),
      lossCaption(epochs),
    ),
  ];
  if (accSeries.length > 0) {
    figures.push(
      figure(
        'Accuracy',
        svgLineChart({
          label: 'Accuracy per epoch',
          series: accSeries,
          xLabel: 'epoch',
          yLabel: 'accuracy',
          integerX: true,
          // The full 0-100% range, so a climb from 95% to 97% is not drawn as a leap.
          yDomain: [0, 1],
          formatY: (y) => formatPercent(y, 0),
        }),
        accuracyCaption(epochs),
      ),
    );
  }
  return `<div class="charts">${figures.join('\n')}</div>\n${epochTable(epochs)}`;
}

function figure(title: string, svg: string, caption: string): string {
  return `<figure class="chart-figure"><h3>${escapeHtml(title)}</h3>${svg}<figcaption>${caption}</figcaption></figure>`;
}

function lossCaption(epochs: HistoryPoint[]): string {
  const last = epochs[epochs.length - 1];
  const parts = [`final train loss <b>${formatNumber(last.loss)}</b>`];
  if (last.valLoss !== undefined) parts.push(`validation <b>${formatNumber(last.valLoss)}</b>`);
  return `${parts.join(', ')} after epoch ${escapeHtml(String(last.epoch))}`;
}

function accuracyCaption(epochs: HistoryPoint[]): string {
  const last = epochs[epochs.length - 1];
  const parts: string[] = [];
  if (last.accuracy !== undefined) parts.push(`final train <b>${formatPercent(last.accuracy)}</b>`);
  if (last.valAccuracy !== undefined) parts.push(`validation <b>${formatPercent(last.valAccuracy)}</b>`);
  // An earlier best epoch tells that training went on past the point where validation stopped improving.
  const best = epochs
    .filter((e) => typeof e.valAccuracy === 'number' && Number.isFinite(e.valAccuracy))
    .reduce<HistoryPoint | undefined>(
      (b, e) => (b === undefined || e.valAccuracy! > b.valAccuracy! ? e : b),
      undefined,
    );
  if (best !== undefined && best.epoch !== last.epoch) {
    parts.push(
      `best validation <b>${formatPercent(best.valAccuracy!)}</b> at epoch ${escapeHtml(String(best.epoch))}`,
    );
  }
  return parts.join(', ');
}

function epochTable(epochs: HistoryPoint[]): string {
  const has = (key: keyof HistoryPoint) => epochs.some((e) => e[key] !== undefined);
  const columns: Array<[string, (e: HistoryPoint) => string]> = [
    ['epoch', (e) => escapeHtml(String(e.epoch))],
    ['loss', (e) => formatNumber(e.loss)],
  ];
  if (has('accuracy'))
    columns.push(['accuracy', (e) => (e.accuracy === undefined ? '' : formatPercent(e.accuracy))]);
  if (has('valLoss'))
    columns.push(['val loss', (e) => (e.valLoss === undefined ? '' : formatNumber(e.valLoss))]);
  if (has('valAccuracy')) {
    columns.push(['val accuracy', (e) => (e.valAccuracy === undefined ? '' : formatPercent(e.valAccuracy))]);
  }
  if (has('rate')) columns.push(['learning rate', (e) => (e.rate === undefined ? '' : formatNumber(e.rate))]);
  const head = columns.map(([name]) => `<th>${name}</th>`).join('');
  const rows = epochs.map((e) => `<tr>${columns.map(([, cell]) => `<td>${cell(e)}</td>`).join('')}</tr>`);
  return (
    `<details class="epochs"><summary>Figures per epoch (${epochs.length})</summary>` +
    `<table class="data numeric"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></details>`
  );
}
