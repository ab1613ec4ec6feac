import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** One point of a ROC curve: the rates reached when every score `>= threshold` is called positive. */
export interface RocPoint {
  /** False-positive rate: fraction of negatives at or above the threshold. */
  fpr: number;
  /** True-positive rate: fraction of positives at or above the threshold. */
  tpr: number;
  /** Score cut-off; `Infinity` for the first point, where nothing is called positive. */
  threshold: number;
}

interface Labelled {
  /** Sample indices sorted by score, highest first. */
  order: number[];
  isPositive: boolean[];
  positives: number;
  negatives: number;
}

function label(scores: ArrayLike<number>, positives: ArrayLike<boolean | number>): Labelled {
  if (scores.length !== positives.length) {
    throw new InvalidArgumentError(
      `scores and positives must have the same length, got ${scores.length} and ${positives.length}.`,
    );
  }
  const isPositive: boolean[] = [];
  let count = 0;
  for (let i = 0; i < scores.length; i++) {
    // NaN would sort arbitrarily and silently change the area, so refuse it rather than guess.
    if (Number.isNaN(scores[i]!)) {
      throw new InvalidArgumentError(`scores[${i}] is NaN.`);
    }
    const p = positives[i]!;
    // Only 0/1 are accepted so that passing probabilities where labels belong fails loudly.
    if (p !== true && p !== false && p !== 0 && p !== 1) {
      throw new InvalidArgumentError(`positives[${i}] is ${p}; expected true/false or 1/0.`);
    }
    isPositive.push(p === true || p === 1);
    if (p === true || p === 1) count++;
  }
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => {
    // Compare rather than subtract: Infinity - Infinity is NaN.
    const sa = scores[a]!;
    const sb = scores[b]!;
    return sb > sa ? 1 : sb < sa ? -1 : 0;
  });
  return { order, isPositive, positives: count, negatives: scores.length - count };
}

function requireBothClasses({ positives, negatives }: Labelled): void {
  if (positives === 0 || negatives === 0) {
    throw new InvalidArgumentError(
      `AUROC needs both positives and negatives, got ${positives} positive and ${negatives} negative samples.`,
    );
  }
}

/**
 * Area under the ROC curve: the probability that a random positive scores higher than a random negative, with
 * ties counting 1/2. Higher scores must mean "more likely positive"; 0.5 is chance, 1 a perfect ranking, 0 a
 * perfectly reversed one.
 *
 * Computed exactly from ranks (the Mann–Whitney U statistic, tied scores sharing their mean rank) in
 * O(n log n), so it equals the trapezoid area under {@link rocCurve} without building the curve.
 *
 * @param scores - One score per sample; `±Infinity` is allowed, `NaN` is not.
 * @param positives - Whether each sample is positive, as `true`/`false` or `1`/`0`.
 * @throws {@link InvalidArgumentError} when the lengths differ, a score is `NaN`, a label is not 0/1, or there
 *   are no positives or no negatives (the area is undefined then).
 */
export function auroc(scores: ArrayLike<number>, positives: ArrayLike<boolean | number>): number {
  const data = label(scores, positives);
  requireBothClasses(data);
  const { order, isPositive } = data;
  // Ranks run 1..n from the lowest score; `order` is highest first, so rank = n - position.
  const n = order.length;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    const meanRank = n - (start + end - 1) / 2;
    for (let k = start; k < end; k++) {
      if (isPositive[order[k]!]) positiveRankSum += meanRank;
    }
    start = end;
  }
  const u = positiveRankSum - (data.positives * (data.positives + 1)) / 2;
  return u / (data.positives * data.negatives);
}

/**
 * The ROC curve: one point per distinct score, from `(0, 0)` at threshold `Infinity` down to `(1, 1)` at the
 * lowest score. Tied scores move the curve diagonally in one step, which is what makes the trapezoid area under
 * it equal {@link auroc}.
 *
 * @param scores - One score per sample, higher meaning "more likely positive"; `NaN` is not allowed.
 * @param positives - Whether each sample is positive, as `true`/`false` or `1`/`0`.
 * @returns Points in order of decreasing threshold (increasing `fpr` and `tpr`).
 * @throws {@link InvalidArgumentError} for the same reasons as {@link auroc}.
 */
export function rocCurve(scores: ArrayLike<number>, positives: ArrayLike<boolean | number>): RocPoint[] {
  const data = label(scores, positives);
  requireBothClasses(data);
  const { order, isPositive } = data;
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY }];
  let truePositives = 0;
  let falsePositives = 0;
  for (let k = 0; k < order.length; k++) {
    if (isPositive[order[k]!]) truePositives++;
    else falsePositives++;
    const threshold = scores[order[k]!]!;
    // Emit only after the last sample of a tie group: a threshold admits all tied samples or none.
    if (k + 1 === order.length || scores[order[k + 1]!] !== threshold) {
      points.push({ fpr: falsePositives / data.negatives, tpr: truePositives / data.positives, threshold });
    }
  }
  return points;
}

/**
 * The highest threshold that still keeps at least the fraction `tpr` of positives, i.e. such that at least
 * `tpr` of the positive samples have `score >= threshold`. Calibrated on validation data, it gives a rule
 * like "call the input unknown when its best score is below the threshold" that rejects at most `1 - tpr` of
 * genuine inputs there. Only the positives' scores matter, so negatives are optional.
 *
 * @param scores - One score per sample, higher meaning "more likely positive".
 * @param positives - Whether each sample is positive, as `true`/`false` or `1`/`0`.
 * @param tpr - Target true-positive rate in `(0, 1]`.
 * @returns A score taken by some positive sample.
 * @throws {@link InvalidArgumentError} when `tpr` is outside `(0, 1]`, there are no positives, or the inputs are
 *   invalid as for {@link auroc}.
 */
export function thresholdAtTpr(
  scores: ArrayLike<number>,
  positives: ArrayLike<boolean | number>,
  tpr: number,
): number {
  if (!(tpr > 0 && tpr <= 1)) {
    throw new InvalidArgumentError(`tpr must be in (0, 1], got ${tpr}.`);
  }
  const data = label(scores, positives);
  if (data.positives === 0) {
    throw new InvalidArgumentError('thresholdAtTpr needs at least one positive sample.');
  }
  // The tolerance keeps float noise (0.7 * 10 = 7.000000000000001) from demanding one positive too many.
  const keep = Math.max(1, Math.ceil(tpr * data.positives - 1e-9));
  let seen = 0;
  for (const i of data.order) {
    if (data.isPositive[i] && ++seen === keep) return scores[i]!;
  }
  throw new Error('unreachable: keep <= number of positives');
}
