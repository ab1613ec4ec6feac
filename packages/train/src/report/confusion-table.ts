import { formatPercent } from './format-number.js';
import { escapeHtml } from './html-escape.js';
import { reportNote } from './report-note.js';

type Rgb = [number, number, number];

// Right answers shade to blue and wrong ones to red, so the eye goes to the mistakes without reading numbers.
const RIGHT: [Rgb, Rgb] = [
  [239, 246, 255],
  [29, 78, 216],
];
const WRONG: [Rgb, Rgb] = [
  [254, 242, 242],
  [220, 38, 38],
];

/** Options of {@link renderConfusion}. */
export interface ConfusionOptions {
  /** True labels, one per row. */
  labels: readonly string[];
  /** Predicted labels, one per column; default `labels`. */
  columns?: readonly string[];
  /** `matrix[row][column]` counts. */
  matrix: readonly (readonly number[])[];
}

/**
 * A confusion matrix as a heat-map table: rows are true labels, columns predictions, each cell's colour is
 * its share of the row and its text the count. The right cell of each row (same name, or `unknown` for a
 * class the model was not trained on) is outlined. Row totals, the share right per row, and column totals
 * frame the table.
 */
export function renderConfusion({ labels, columns = labels, matrix }: ConfusionOptions): string {
  if (matrix.length !== labels.length || matrix.some((row) => row.length !== columns.length)) {
    const shape = `${matrix.length}x${matrix[0]?.length ?? 0}`;
    return reportNote(
      `Cannot draw the confusion matrix: it is ${shape}, but the labels call for ${labels.length}x${columns.length}.`,
      'problem',
    );
  }
  const rightColumn = labels.map((label) => rightColumnOf(label, columns));
  const rowTotals = matrix.map((row) => sum(row));
  const columnTotals = columns.map((_, j) => sum(matrix.map((row) => row[j])));
  const total = sum(rowTotals);

  const head = columns.map((c) => `<th scope="col" class="pred">${escapeHtml(c)}</th>`).join('');
  const body = matrix.map((row, i) => {
    const cells = row.map((count, j) => {
      const share = rowTotals[i] > 0 ? count / rowTotals[i] : 0;
      const right = j === rightColumn[i];
      return cell(count, share, right, labels[i], columns[j]);
    });
    const r = rightColumn[i];
    const recall = r >= 0 && rowTotals[i] > 0 ? formatPercent(row[r] / rowTotals[i]) : '–';
    return (
      `<tr><th scope="row" class="truth">${escapeHtml(labels[i])}</th>${cells.join('')}` +
      `<td class="total">${rowTotals[i]}</td><td class="total">${recall}</td></tr>`
    );
  });
  const footer =
    `<tr class="totals"><th scope="row">predicted total</th>` +
    `${columnTotals.map((t) => `<td class="total">${t}</td>`).join('')}<td class="total grand">${total}</td><td></td></tr>`;
  const right = sum(matrix.map((row, i) => (rightColumn[i] >= 0 ? row[rightColumn[i]] : 0)));
  return (
    `<div class="confusion-wrap"><table class="confusion">` +
    `<thead><tr><th class="corner">true ↓ &nbsp; predicted →</th>${head}<th class="total-head">total</th><th class="total-head">right</th></tr></thead>` +
    `<tbody>${body.join('')}${footer}</tbody></table></div>` +
    `<p class="legend-line"><span class="key right"></span> right answer <span class="key wrong"></span> mistake ` +
    `&nbsp;·&nbsp; colour: share of the row &nbsp;·&nbsp; number: count &nbsp;·&nbsp; ` +
    `${right} of ${total} right (${total > 0 ? formatPercent(right / total) : '–'})</p>`
  );
}

/**
 * The column that holds a row's right answers: the column of the same name, else `unknown` (an unseen class
 * such as `hexagon` is answered right by `unknown`), else none.
 */
function rightColumnOf(label: string, columns: readonly string[]): number {
  const same = columns.indexOf(label);
  return same >= 0 ? same : columns.indexOf('unknown');
}

function cell(count: number, share: number, right: boolean, truth: string, predicted: string): string {
  const tip = `${count} ${truth} predicted as ${predicted} (${formatPercent(share)} of the row)`;
  if (count === 0) {
    return `<td class="cell zero${right ? ' diag' : ''}" title="${escapeHtml(tip)}">0</td>`;
  }
  // A square root lifts small shares: a 3% confusion should still be visible next to a 97% diagonal.
  const t = Math.sqrt(Math.min(1, Math.max(0, share)));
  const [from, to] = right ? RIGHT : WRONG;
  const bg = from.map((c, k) => Math.round(c + (to[k] - c) * t));
  const fg = t > 0.6 ? '#fff' : '#111827';
  return `<td class="cell${right ? ' diag' : ''}" style="background:rgb(${bg.join(',')});color:${fg}" title="${escapeHtml(tip)}">${count}</td>`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
}
