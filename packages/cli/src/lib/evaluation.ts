import type { Prediction } from '@shapes/models';
import { auroc, classificationReport } from '@shapes/train';
import { renderTable } from './table.js';

/** The answer `predict` gives for an image that looks like none of the model's classes. */
export const UNKNOWN = 'unknown';

/** What `shapes evaluate --json` prints (and `train`, `transfer` and `demo` report on their test images). */
export interface EvaluationSummary {
  images: number;
  /** Of the images of classes the model knows: the share whose most likely class is right. */
  accuracy: number;
  /** The same, counting an image answered `unknown` as wrong (what a user of `predict` sees). */
  accuracyWithUnknown: number;
  macroF1: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** Rows: true classes (`unknown` gathers every class the model does not know); columns: answers. */
  confusion: { labels: string[]; columns: string[]; matrix: number[][] };
  unknown: {
    /** Images of classes the model does not know, which should come back `unknown`. */
    expected: number;
    /** Of those, how many did. */
    flagged: number;
    /** Images of known classes wrongly answered `unknown`. */
    knownFlagged: number;
    /** How well the open-set score separates known from unknown images (null when either is missing). */
    auroc: number | null;
    /** The classes of the data the model does not know. */
    classes: string[];
  };
}

/**
 * Scores predictions against true class names, which may include classes the model does not know: those images
 * are expected to come back `unknown`. Per-class figures and `accuracy` are over the known images, by the most
 * likely class, as in any classification report; the open-set figures are apart.
 */
export function summarize(
  predictions: readonly Prediction[],
  truth: readonly string[],
  classNames: readonly string[],
  openSet: boolean,
): EvaluationSummary {
  const known = truth.map((t) => classNames.indexOf(t));
  const knownAt = known.flatMap((k, i) => (k >= 0 ? [i] : []));
  const unknownAt = known.flatMap((k, i) => (k < 0 ? [i] : []));
  const report =
    knownAt.length > 0
      ? classificationReport(
          knownAt.map((i) => known[i] as number),
          knownAt.map((i) => (predictions[i] as Prediction).index),
          classNames,
        )
      : undefined;
  const labels = [...classNames, ...(unknownAt.length > 0 ? [UNKNOWN] : [])];
  const columns = [...classNames, ...(openSet ? [UNKNOWN] : [])];
  const matrix = labels.map(() => columns.map(() => 0));
  predictions.forEach((p, i) => {
    const row = known[i] as number;
    const col = p.unknown ? classNames.length : p.index;
    (matrix[row >= 0 ? row : classNames.length] as number[])[col]! += 1;
  });
  const scores = predictions.map((p) => p.score);
  const canRank =
    openSet && knownAt.length > 0 && unknownAt.length > 0 && scores.every((s) => !Number.isNaN(s));
  const right = knownAt.filter((i) => !predictions[i]!.unknown && predictions[i]!.index === known[i]).length;
  return {
    images: predictions.length,
    accuracy: report?.accuracy ?? Number.NaN,
    accuracyWithUnknown: knownAt.length > 0 ? right / knownAt.length : Number.NaN,
    macroF1: report?.macroF1 ?? Number.NaN,
    perClass: Object.fromEntries(
      (report?.perClass ?? []).map((m) => [
        m.name,
        { precision: m.precision, recall: m.recall, f1: m.f1, support: m.support },
      ]),
    ),
    confusion: { labels, columns, matrix },
    unknown: {
      expected: unknownAt.length,
      flagged: unknownAt.filter((i) => predictions[i]!.unknown).length,
      knownFlagged: knownAt.filter((i) => predictions[i]!.unknown).length,
      auroc: canRank
        ? auroc(
            scores,
            known.map((k) => k >= 0),
          )
        : null,
      classes: [...new Set(unknownAt.map((i) => truth[i] as string))].sort(),
    },
  };
}

/** `0.9876` as `98.8%`; `-` for NaN (no images to measure on). */
export const percent = (x: number) => (Number.isNaN(x) ? '-' : `${(x * 100).toFixed(1)}%`);

/** The summary for a terminal: headline figures, the per-class table and the confusion matrix. */
export function formatSummary(s: EvaluationSummary): string {
  const lines = [
    `accuracy ${percent(s.accuracy)} (${percent(s.accuracyWithUnknown)} counting "unknown" answers as wrong), macro F1 ${s.macroF1.toFixed(3)}, ${s.images} images`,
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
  const u = s.unknown;
  if (u.expected > 0) {
    lines.push(
      '',
      `unknown: ${u.flagged} of ${u.expected} images of classes the model does not know (${u.classes.join(', ')}) came back "unknown" (${percent(u.flagged / u.expected)})` +
        (u.auroc !== null ? `, AUROC ${u.auroc.toFixed(3)}` : ', the model has no open-set rule'),
    );
  }
  if (u.knownFlagged > 0) lines.push(`${u.knownFlagged} images of known classes were answered "unknown"`);
  return lines.join('\n');
}
