import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { embeddingIndex } from '../transfer.js';

/** One dense layer of a base model's head, as plain JSON: `kernel` is row-major, inputs x `units`. */
export interface DenseWeights {
  kernel: number[];
  bias: number[];
  units: number;
  /** A ReLU follows the layer. */
  relu: boolean;
}

/**
 * The base check of an open-set rule (see `calibrateOpenSet`'s `base`): what the model a transferred model came
 * from answers for an image, compared with what it answered for the calibration images of each class. Plain JSON,
 * saved with the model, so the base itself is not needed at run time.
 */
export interface BaseCheck {
  /** The base's layers after its embedding: they turn this model's embedding into the base's logits. */
  head: DenseWeights[];
  /** Mean of the base's logits over the calibration images of each class of this model, one row per class. */
  means: number[][];
  /** Inverse of the classes' shared covariance of those logits, shrunk towards its diagonal; row-major. */
  precision: number[];
  /**
   * The base score (minus the squared Mahalanobis distance to the nearest mean) in the rule's units is
   * `offset + scale * score`: the linear map that puts the median and the lower quantile of the calibration
   * images' base scores on those of their scores under the rule's method.
   */
  offset: number;
  scale: number;
}

/** Calibration images each class needs at least, for a mean and covariance of the base's logits to mean anything. */
export const BASE_CHECK_MIN_PER_CLASS = 10;

/** Weights a base's head may have for the check: they are saved as JSON in model.json. */
export const BASE_CHECK_MAX_WEIGHTS = 100_000;

// Shrinkage of the covariance towards its mean variance (Ledoit-Wolf style, fixed): keeps it invertible when the
// logits of the calibration images span fewer dimensions than the base has classes.
const SHRINKAGE = 0.1;

/**
 * The layers after `base`'s embedding as {@link DenseWeights}, with weights rounded to 7 significant digits (what
 * a float32 holds), so a check computed now and one loaded from model.json give the same scores.
 *
 * @throws InvalidModelError when the base has no embedding layer, or layers other than dense and dropout after it.
 */
export function baseHead(base: tfl.LayersModel): DenseWeights[] {
  const k = embeddingIndex(base.layers, 'The base model');
  const dense = base.layers.slice(k + 1).filter((layer) => layer.getClassName() !== 'Dropout');
  const weights = dense.reduce((sum, layer) => sum + layer.countParams(), 0);
  if (weights > BASE_CHECK_MAX_WEIGHTS) {
    throw new InvalidModelError(
      `The base's head has ${weights.toLocaleString('en-US')} weights, more than the ${BASE_CHECK_MAX_WEIGHTS.toLocaleString('en-US')} a base check saves in model.json; leave out the base.`,
    );
  }
  return dense.map((layer, i) => {
    const [kernel, bias] = layer.getWeights();
    if (layer.getClassName() !== 'Dense' || !kernel || kernel.shape.length !== 2) {
      throw new InvalidModelError(
        `The base check reads the base's head as dense layers, but "${layer.name}" is a ${layer.getClassName()} layer.`,
      );
    }
    // The last layer's softmax is left out: the check compares logits.
    const activation = String(layer.getConfig().activation ?? 'linear');
    const allowed = i === dense.length - 1 ? ['softmax', 'linear'] : ['relu', 'linear'];
    if (!allowed.includes(activation)) {
      throw new InvalidModelError(
        `The base check reads dense layers with ${allowed.join(' or ')} activations, but "${layer.name}" has ${activation}.`,
      );
    }
    const units = kernel.shape[1] as number;
    const round = (v: ArrayLike<number>) => Array.from(v, (x) => Number(x.toPrecision(7)));
    return {
      kernel: round(kernel.dataSync()),
      bias: bias ? round(bias.dataSync()) : new Array<number>(units).fill(0),
      units,
      relu: activation === 'relu',
    };
  });
}

/**
 * The base's logits for `n` embeddings of `size` values each (row-major), `n x units` of its last layer. In
 * float64 loops rather than tfjs's float32 ops, which move the scores by up to 1e-5 of their size: saved rules'
 * thresholds sit among these numbers, which are also the same on every backend for the same embeddings.
 */
export function baseLogits(
  head: readonly DenseWeights[],
  embeddings: Float32Array,
  size: number,
): Float64Array {
  const n = embeddings.length / size;
  let x: ArrayLike<number> = embeddings;
  let width = size;
  for (const layer of head) {
    if (layer.kernel.length !== width * layer.units) {
      throw new InvalidModelError(
        `The base check's head takes ${layer.kernel.length / layer.units} values but gets ${width}: it was made for another model.`,
      );
    }
    const y = new Float64Array(n * layer.units);
    for (let i = 0; i < n; i++) {
      for (let u = 0; u < layer.units; u++) {
        let s = layer.bias[u] as number;
        for (let j = 0; j < width; j++)
          s += (x[i * width + j] as number) * (layer.kernel[j * layer.units + u] as number);
        y[i * layer.units + u] = layer.relu && s < 0 ? 0 : s;
      }
    }
    x = y;
    width = layer.units;
  }
  return x as Float64Array;
}

/** Base scores (higher is more known) of `n` embeddings: minus the squared Mahalanobis distance to the nearest mean. */
export function baseScores(
  check: Pick<BaseCheck, 'head' | 'means' | 'precision'>,
  embeddings: Float32Array,
  size: number,
): Float32Array {
  const logits = baseLogits(check.head, embeddings, size);
  const d = check.means[0]?.length ?? 0;
  const n = logits.length / d;
  const z = new Float64Array(d);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (const mean of check.means) {
      for (let a = 0; a < d; a++) z[a] = (logits[i * d + a] as number) - (mean[a] as number);
      let m = 0;
      for (let a = 0; a < d; a++) {
        let row = 0;
        for (let b = 0; b < d; b++) row += (check.precision[a * d + b] as number) * (z[b] as number);
        m += (z[a] as number) * row;
      }
      best = Math.min(best, m);
    }
    out[i] = -best;
  }
  return out;
}

/**
 * Fits the class means and shared precision of `head`'s logits over calibration embeddings (`labels[i]` in
 * `[0, classes)`): linear discriminant analysis's Gaussians, as Lee et al. (2018) use for their Mahalanobis
 * detector, on the base's few logits rather than the embedding, where a few hundred images estimate them well.
 *
 * @throws InvalidModelError when a class has fewer than {@link BASE_CHECK_MIN_PER_CLASS} images.
 */
export function fitBaseGaussians(
  head: DenseWeights[],
  embeddings: Float32Array,
  size: number,
  labels: ArrayLike<number>,
  classes: number,
): Pick<BaseCheck, 'head' | 'means' | 'precision'> {
  const logits = baseLogits(head, embeddings, size);
  const d = (head.at(-1) as DenseWeights).units;
  const counts = classCounts(labels, classes);
  const few = tooFewImages(counts);
  if (few) throw new InvalidModelError(few);
  const means = Array.from({ length: classes }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const mean = means[labels[i] as number] as number[];
    for (let a = 0; a < d; a++) mean[a]! += logits[i * d + a] as number;
  }
  means.forEach((mean, c) => {
    for (let a = 0; a < d; a++) mean[a]! /= counts[c] as number;
  });
  const cov = new Float64Array(d * d);
  for (let i = 0; i < labels.length; i++) {
    const mean = means[labels[i] as number] as number[];
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        cov[a * d + b] =
          (cov[a * d + b] as number) +
          ((logits[i * d + a] as number) - (mean[a] as number)) *
            ((logits[i * d + b] as number) - (mean[b] as number));
      }
    }
  }
  let trace = 0;
  for (let a = 0; a < d; a++) trace += (cov[a * d + a] as number) / labels.length;
  const floor = Math.max(trace / d, 1e-6);
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) {
      cov[a * d + b] =
        (1 - SHRINKAGE) * ((cov[a * d + b] as number) / labels.length) + (a === b ? SHRINKAGE * floor : 0);
    }
  }
  return { head, means, precision: Array.from(invert(cov, d)) };
}

/**
 * The inverse of a symmetric positive-definite `d x d` matrix (Gauss-Jordan with partial pivoting). Written here
 * because tfjs has no inverse or linear solver (`tf.linalg` holds QR and Gram-Schmidt only), and `d` is the
 * base's few classes.
 */
function invert(matrix: Float64Array, d: number): Float64Array {
  const a = Float64Array.from(matrix);
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) inv[i * d + i] = 1;
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++)
      if (Math.abs(a[r * d + col] as number) > Math.abs(a[pivot * d + col] as number)) pivot = r;
    for (const m of [a, inv]) {
      for (let j = 0; j < d; j++) {
        const t = m[col * d + j] as number;
        m[col * d + j] = m[pivot * d + j] as number;
        m[pivot * d + j] = t;
      }
    }
    const p = a[col * d + col] as number;
    for (let j = 0; j < d; j++) {
      a[col * d + j] = (a[col * d + j] as number) / p;
      inv[col * d + j] = (inv[col * d + j] as number) / p;
    }
    for (let r = 0; r < d; r++) {
      const f = a[r * d + col] as number;
      if (r === col || f === 0) continue;
      for (let j = 0; j < d; j++) {
        a[r * d + j] = (a[r * d + j] as number) - f * (a[col * d + j] as number);
        inv[r * d + j] = (inv[r * d + j] as number) - f * (inv[col * d + j] as number);
      }
    }
  }
  return inv;
}

/** What is wrong with `value` as the {@link BaseCheck} of a model of `classes` classes, or undefined when nothing. */
export function baseCheckProblem(value: unknown, classes: number): string | undefined {
  const numbers = (v: unknown, length?: number) =>
    Array.isArray(v) &&
    v.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
    (length === undefined || v.length === length);
  if (typeof value !== 'object' || value === null) return 'must be an object';
  const c = value as Partial<BaseCheck>;
  if (!Array.isArray(c.head) || c.head.length === 0) return 'head must be a non-empty array of dense layers';
  for (const [i, layer] of c.head.entries()) {
    if (
      !Number.isInteger(layer?.units) ||
      layer.units < 1 ||
      !numbers(layer.bias, layer.units) ||
      !numbers(layer.kernel) ||
      layer.kernel.length % layer.units !== 0 ||
      typeof layer.relu !== 'boolean'
    ) {
      return `head[${i}] must hold units, a bias of that many numbers, a kernel of a multiple of them, and relu`;
    }
  }
  const d = (c.head.at(-1) as DenseWeights).units;
  if (!Array.isArray(c.means) || c.means.length !== classes || !c.means.every((m) => numbers(m, d))) {
    return `means must hold one row of ${d} numbers for each of the ${classes} classes`;
  }
  if (!numbers(c.precision, d * d)) return `precision must hold ${d * d} numbers`;
  if (!numbers([c.offset, c.scale], 2) || !((c.scale as number) > 0)) {
    return 'offset must be a finite number and scale a positive one';
  }
  return undefined;
}

/**
 * Why a rule calibrated on `labels` (class indices of `classes` classes) cannot check images against `base`, or
 * undefined when it can: for callers that use the check where it fits and say so where it does not.
 */
export function whyNoBaseCheck(
  base: tfl.LayersModel,
  labels: ArrayLike<number>,
  classes: number,
): string | undefined {
  try {
    baseHead(base);
  } catch (error) {
    return (error as Error).message;
  }
  return tooFewImages(classCounts(labels, classes));
}

function classCounts(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++)
    counts[labels[i] as number] = (counts[labels[i] as number] ?? 0) + 1;
  return counts;
}

// The one place the check's minimum is enforced: fitBaseGaussians throws what whyNoBaseCheck returns.
function tooFewImages(counts: readonly number[]): string | undefined {
  const c = counts.findIndex((count) => count < BASE_CHECK_MIN_PER_CLASS);
  return c < 0
    ? undefined
    : `The base check needs at least ${BASE_CHECK_MIN_PER_CLASS} calibration images of each class; class ${c} has ${counts[c]}. Calibrate on more images, or leave out the base.`;
}
