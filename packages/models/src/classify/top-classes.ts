import { InvalidModelError } from '../errors/invalid-model-error.js';
import type { Prediction } from '../open-set/index.js';

/**
 * One answer of `classify`, in the shape Teachable Machine, ml5 and the tfjs-models return: a class and its
 * probability. `className` is `unknown` for the open-set answer (see {@link topClasses} for its probability).
 */
export interface Classification {
  className: string;
  probability: number;
}

/**
 * A prediction as a ranked list: the classes by the model's probability, best first (ties in class order), cut to
 * `topK` entries (all by default).
 *
 * When the model's open-set rule rejects the image (`prediction.unknown`), the list starts with
 * `{ className: 'unknown', probability }` and the classes follow, `topK` counting it. Its `probability` is
 * 1 minus the most likely class's probability: the share the model's softmax leaves to every other answer. The
 * rule decides on its own calibrated score (`prediction.score`), not on this number, so `unknown` comes first even
 * when it is smaller than the best class's probability; read the entries after it as "nearest".
 *
 * @throws InvalidModelError when `topK` is not a positive whole number.
 */
export function topClasses(
  prediction: Prediction,
  classNames: readonly string[],
  topK: number = Number.POSITIVE_INFINITY,
): Classification[] {
  checkTopK(topK);
  const ranked = classNames
    .map((className, i) => ({ className, probability: prediction.probabilities[i] as number, i }))
    .sort((a, b) => b.probability - a.probability || a.i - b.i)
    .map(({ className, probability }) => ({ className, probability }));
  if (prediction.unknown) ranked.unshift({ className: 'unknown', probability: 1 - prediction.confidence });
  return ranked.slice(0, topK);
}

/** Throws unless `topK` is a positive whole number (or infinity, meaning all). */
export function checkTopK(topK: number | undefined): void {
  if (topK === undefined || topK === Number.POSITIVE_INFINITY) return;
  if (!Number.isInteger(topK) || topK < 1) {
    throw new InvalidModelError(`topK must be a whole number of at least 1 (got ${String(topK)}).`);
  }
}
