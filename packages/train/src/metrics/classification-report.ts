import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { confusionMatrix } from './confusion-matrix.js';

/** Precision, recall and F1 of one class, treating it as "positive" and every other class as "negative". */
export interface ClassMetrics {
  name: string;
  /** Of the samples predicted as this class, the fraction that really are; 0 when none were predicted. */
  precision: number;
  /** Of the samples that really are this class, the fraction predicted as it; 0 when there are none. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
  /** Number of samples whose actual class is this one. */
  support: number;
}

/** Summary of a classifier on labelled data, as returned by {@link classificationReport}. */
export interface ClassificationReport {
  /** Fraction of samples predicted correctly. */
  accuracy: number;
  /** Unweighted mean of the per-class F1 scores, so rare classes count as much as common ones. */
  macroF1: number;
  /** One entry per class, in the order of `classNames`. */
  perClass: ClassMetrics[];
  /** Rows are actual classes, columns predicted ones (see {@link confusionMatrix}). */
  confusion: number[][];
}

/**
 * Accuracy, macro F1 and per-class precision, recall and F1 of predicted class indices.
 *
 * A ratio whose denominator is 0 (precision of a class never predicted, recall of a class absent from `actual`)
 * is reported as 0, like scikit-learn's `zero_division=0`: a class the model never predicts earns no credit, and
 * the report never holds `NaN`. Such classes still count in `macroF1`, which is the mean over all of
 * `classNames`, so leaving a class out of the validation set lowers it; keep every class in the evaluation data.
 *
 * @param actual - True class index of each sample.
 * @param predicted - Predicted class index of each sample, in the same order.
 * @param classNames - Name of each class; its length is the number of classes.
 * @throws {@link InvalidArgumentError} when there are no samples or no classes, or for the reasons
 *   {@link confusionMatrix} gives.
 */
export function classificationReport(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classNames: readonly string[],
): ClassificationReport {
  if (classNames.length === 0) {
    throw new InvalidArgumentError('classNames must name at least one class.');
  }
  const confusion = confusionMatrix(actual, predicted, classNames.length);
  if (actual.length === 0) {
    throw new InvalidArgumentError('classificationReport needs at least one sample; actual is empty.');
  }
  const classes = classNames.length;
  let correct = 0;
  const perClass: ClassMetrics[] = [];
  for (let c = 0; c < classes; c++) {
    const truePositives = confusion[c]![c]!;
    correct += truePositives;
    let support = 0;
    let predictedAs = 0;
    for (let k = 0; k < classes; k++) {
      support += confusion[c]![k]!;
      predictedAs += confusion[k]![c]!;
    }
    const precision = ratio(truePositives, predictedAs);
    const recall = ratio(truePositives, support);
    const f1 = ratio(2 * precision * recall, precision + recall);
    perClass.push({ name: classNames[c]!, precision, recall, f1, support });
  }
  const macroF1 = perClass.reduce((sum, m) => sum + m.f1, 0) / classes;
  return { accuracy: correct / actual.length, macroF1, perClass, confusion };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Renders a confusion matrix as an aligned text table for a terminal or a log file.
 *
 * Rows are actual classes and columns predicted ones, headed by the class names; counts are right-aligned and
 * each column is as wide as its name or its widest count, so the table stays readable with long names.
 *
 * @example
 * ```text
 * actual \ predicted  circle  square  triangle
 * circle                   2       1         1
 * square                   1       2         0
 * triangle                 0       1         2
 * ```
 * @param confusion - Square matrix, rows actual and columns predicted, as from {@link confusionMatrix}.
 * @param classNames - One name per row and column.
 * @throws {@link InvalidArgumentError} when the matrix is not square with one row per class name.
 */
export function formatConfusionMatrix(
  confusion: readonly (readonly number[])[],
  classNames: readonly string[],
): string {
  const classes = classNames.length;
  if (confusion.length !== classes || confusion.some((row) => row.length !== classes)) {
    throw new InvalidArgumentError(
      `confusion must be a ${classes} × ${classes} matrix to match classNames (${classNames.join(', ')}).`,
    );
  }
  const corner = 'actual \\ predicted';
  const labelWidth = Math.max(corner.length, ...classNames.map((name) => name.length));
  const widths = classNames.map((name, c) =>
    Math.max(name.length, ...confusion.map((row) => String(row[c]).length)),
  );
  const line = (label: string, cells: readonly string[]) =>
    [label.padEnd(labelWidth), ...cells.map((cell, c) => cell.padStart(widths[c]!))].join('  ').trimEnd();
  return [
    line(corner, classNames),
    ...confusion.map((row, r) =>
      line(
        classNames[r]!,
        row.map((count) => String(count)),
      ),
    ),
  ].join('\n');
}
