import type { ModelOutputs } from '../embeddings.js';
import { InvalidModelError } from '../errors/invalid-model-error.js';

/**
 * How "known" an image looks, higher meaning more known:
 * - `softmax`: the largest class probability;
 * - `energy`: the log-sum-exp of the logits (Liu et al. 2020), which keeps the scale the softmax throws away;
 * - `prototype`: the cosine similarity of the image's embedding to the nearest class mean, measured on the
 *   calibration images.
 */
export type OpenSetMethod = 'softmax' | 'energy' | 'prototype';

/** The open-set methods, for loops and `--help`. */
export const OPEN_SET_METHODS: readonly OpenSetMethod[] = ['softmax', 'energy', 'prototype'];

/** Open-set scores of images already run through the model (higher is more known). */
export function openSetScores(
  outputs: ModelOutputs,
  method: OpenSetMethod,
  prototypes?: readonly (readonly number[])[],
): Float32Array {
  const { classes: k, embeddingSize: d } = outputs;
  const n = outputs.probabilities.length / k;
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (method === 'softmax') {
      scores[i] = Math.max(...outputs.probabilities.subarray(i * k, (i + 1) * k));
    } else if (method === 'energy') {
      scores[i] = logSumExp(outputs.logits.subarray(i * k, (i + 1) * k));
    } else {
      if (!prototypes?.length) {
        throw new InvalidModelError(
          'The prototype rule needs prototypes; calibrate it with calibrateOpenSet.',
        );
      }
      scores[i] = nearestCosine(outputs.embeddings.subarray(i * d, (i + 1) * d), prototypes);
    }
  }
  return scores;
}

/** L2-normalised mean of the L2-normalised embeddings of each class. */
export function classPrototypes(
  outputs: Pick<ModelOutputs, 'embeddings' | 'embeddingSize'>,
  labels: ArrayLike<number>,
  classes: number,
): number[][] {
  const d = outputs.embeddingSize;
  const sums = Array.from({ length: classes }, () => new Float64Array(d));
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    const sum = sums[c];
    if (!sum) throw new InvalidModelError(`Label ${c} is outside the model's ${classes} classes.`);
    const e = normalize(outputs.embeddings.subarray(i * d, (i + 1) * d));
    for (let j = 0; j < d; j++) sum[j] = (sum[j] as number) + (e[j] as number);
    counts[c] = (counts[c] as number) + 1;
  }
  return sums.map((sum, c) => {
    if (!counts[c]) throw new InvalidModelError(`Class ${c} has no images to make a prototype from.`);
    return Array.from(normalize(sum));
  });
}

/** Largest cosine similarity between `embedding` and any of the (normalised) prototypes. */
export function nearestCosine(
  embedding: ArrayLike<number>,
  prototypes: readonly (readonly number[])[],
): number {
  const e = normalize(embedding);
  let best = Number.NEGATIVE_INFINITY;
  for (const p of prototypes) {
    let dot = 0;
    for (let j = 0; j < e.length; j++) dot += (e[j] as number) * (p[j] as number);
    best = Math.max(best, dot);
  }
  return best;
}

function normalize(v: ArrayLike<number>): Float64Array {
  let sq = 0;
  for (let j = 0; j < v.length; j++) sq += (v[j] as number) ** 2;
  const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  return Float64Array.from(v, (x) => x * inv);
}

function logSumExp(v: Float32Array): number {
  const max = Math.max(...v);
  let sum = 0;
  for (const x of v) sum += Math.exp(x - max);
  return max + Math.log(sum);
}
