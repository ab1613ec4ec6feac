import { InvalidModelError } from '../errors/invalid-model-error.js';

/**
 * Share of the calibration images of known classes that an open-set rule keeps as known unless told otherwise:
 * the rule then costs the known classes at most half a point of accuracy, and catches what unknown shapes it can
 * within that. Each point lower trades known-class accuracy for catching more unknown shapes.
 */
export const DEFAULT_KNOWN_RATE = 0.995;

/** Throws unless `knownRate` is a share of images a rule can keep: in (0, 1]. */
export function checkKnownRate(knownRate: number): void {
  if (!(knownRate > 0 && knownRate <= 1)) {
    throw new InvalidModelError(`knownRate must be in (0, 1] (got ${knownRate}).`);
  }
}

/**
 * The largest threshold that keeps at least `knownRate` of `scores` (those with score >= threshold): how every
 * rule is calibrated, for heads that score images their own way, such as a `FewShotClassifier`'s `setThreshold`.
 */
export function thresholdKeeping(scores: ArrayLike<number>, knownRate: number): number {
  const sorted = Float64Array.from(scores).sort();
  const n = sorted.length;
  return sorted[Math.min(n - 1, Math.floor((1 - knownRate) * n + 1e-9))] as number;
}

/**
 * Whether an image of open-set score `score` (higher is more known) is `unknown` under `threshold`: the one
 * decision every head makes. A score that is not a number is unknown; without a threshold nothing is.
 */
export function rejects(score: number, threshold: number | undefined): boolean {
  return threshold !== undefined && !(score >= threshold);
}

/** The middle value of `values` (the upper one of an even count). */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1] as number;
}
