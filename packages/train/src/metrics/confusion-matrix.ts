import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * Throws unless `labels` holds only integers in `[0, classes)`. Shared with the classification report so both
 * reject the same inputs with the same messages.
 *
 * @internal
 */
export function checkLabels(labels: ArrayLike<number>, classes: number, what: string): void {
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label)) {
      throw new InvalidArgumentError(
        `${what}[${i}] is ${label}, not an integer class index; pass argmax indices, not probabilities.`,
      );
    }
    if (label < 0 || label >= classes) {
      throw new InvalidArgumentError(
        `${what}[${i}] is ${label}, outside the ${classes} classes [0, ${classes - 1}].`,
      );
    }
  }
}

/**
 * Counts how often each actual class was predicted as each class.
 *
 * @param actual - True class index of each sample.
 * @param predicted - Predicted class index of each sample, in the same order as `actual`.
 * @param classes - Number of classes; every label must be an integer in `[0, classes)`.
 * @returns A `classes × classes` matrix: `m[a][p]` is the number of samples of actual class `a` predicted as `p`
 *   (rows are actual, columns predicted), so the diagonal holds the correct predictions.
 * @throws {@link InvalidArgumentError} when the lengths differ, `classes` is not a positive integer, or a label
 *   is not an integer in range.
 */
export function confusionMatrix(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new InvalidArgumentError(`classes must be a positive integer, got ${classes}.`);
  }
  if (actual.length !== predicted.length) {
    throw new InvalidArgumentError(
      `actual and predicted must have the same length, got ${actual.length} and ${predicted.length}.`,
    );
  }
  checkLabels(actual, classes, 'actual');
  checkLabels(predicted, classes, 'predicted');
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < actual.length; i++) {
    matrix[actual[i]!]![predicted[i]!]!++;
  }
  return matrix;
}
