import type { PredictionSummary } from '@shapes/train';
import { renderTable } from './table.js';

/** `0.9876` as `98.8%`; `-` for NaN (no images to measure on). */
export const percent = (x: number) => (Number.isNaN(x) ? '-' : `${(x * 100).toFixed(1)}%`);

/** The summary for a terminal: headline figures, the per-class table and the confusion matrix. */
export function formatSummary(s: PredictionSummary): string {
  const u = s.unknown;
  const known = s.images - u.expected;
  // Beside accuracy, always: a rule that answers `unknown` for known shapes costs users more than a wrong class.
  const cryWolf = s.confusion.columns.includes('unknown')
    ? `, ${u.knownFlagged} of ${known} known images answered "unknown" (${percent(u.knownFlaggedShare)})`
    : '';
  const lines = [
    `accuracy ${percent(s.accuracy)} (${percent(s.accuracyWithUnknown)} counting "unknown" answers as wrong)${cryWolf}, macro F1 ${s.macroF1.toFixed(3)}, ${s.images} images`,
    '',
    renderTable([
      ['class', 'precision', 'recall', 'f1', 'support'],
      ...Object.entries(s.perClass).map(([name, m]) => [
        name,
        percent(m.precision),
        percent(m.recall),
        m.f1.toFixed(3),
        String(m.support),
      ]),
    ]),
    '',
    renderTable([
      ['true \\ answer', ...s.confusion.columns],
      ...s.confusion.matrix.map((row, r) => [s.confusion.labels[r]!, ...row.map(String)]),
    ]),
  ];
  if (u.expected > 0) {
    lines.push(
      '',
      `unknown: ${u.flagged} of ${u.expected} images of classes the model does not know (${u.classes.join(', ')}) came back "unknown" (${percent(u.flagged / u.expected)})` +
        (u.auroc !== null ? `, AUROC ${u.auroc.toFixed(3)}` : ', the model has no open-set rule'),
    );
  }
  return lines.join('\n');
}
