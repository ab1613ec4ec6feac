import type * as tf from '@tensorflow/tfjs';
import { type BaseCheck, baseHead, baseScores, fitBaseGaussians } from './base-check.js';
import { argMaxRows, type ModelOutputs, modelOutputs } from './embeddings.js';
import { InvalidModelError } from './errors/invalid-model-error.js';
import type { ImageBatch, LabelledBatch } from './image-batch.js';

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

/** A calibrated rule: an image whose score is below `threshold` is `unknown`. Plain JSON, saved with a model. */
export interface OpenSetRule {
  method: OpenSetMethod;
  threshold: number;
  /** Share of the calibration images of known classes kept as known (the rest fall under the threshold). */
  knownRate: number;
  /** For `prototype`: one L2-normalised mean embedding per class. */
  prototypes?: number[][];
  /** Calibrated on test-time augmented outputs, so `predict` must augment too (it does, from this). */
  tta?: boolean;
  /**
   * A second test, for a model transferred from a base (see {@link CalibrateOptions.base}): the image's score is
   * then the lower of the method's and the base check's, the latter mapped onto the method's scale.
   */
  base?: BaseCheck;
}

/** One image's answer. */
export interface Prediction {
  /** The most likely class, or `unknown` when the open-set rule rejects the image. */
  label: string;
  /** Index of the most likely class (even when `unknown` is true). */
  index: number;
  /** Probability of the most likely class. */
  confidence: number;
  probabilities: Float32Array;
  /** True when the image looks like none of the classes the model knows. */
  unknown: boolean;
  /** The open-set score (higher is more known); NaN without a rule. */
  score: number;
}

/** Options of {@link calibrateOpenSet}. */
export interface CalibrateOptions {
  /** Default: `softmax`, which separated best in `@shapes/train`'s measurements. */
  method?: OpenSetMethod;
  /**
   * Share of known images to keep as known, default 0.995: each point below 1 trades known-class accuracy for
   * catching more unknown shapes.
   */
  knownRate?: number;
  /** Test-time augmentation (see `modelOutputs`); recorded in the rule so `predict` does the same. */
  tta?: boolean;
  /**
   * The model this one was transferred from. An image must then also look to the base as the calibration images
   * of its class did: close, in the base's logits, to the mean of one class's (a Mahalanobis distance under
   * their shared covariance). A new head trained on a few examples of two shapes only learns what tells those
   * two apart, and answers one of them, sure of it, for a third shape that shares those traits; the base, which
   * learned other shapes, often sees the difference. In `shapes demo`, 56-79% of unseen hexagons come back
   * `unknown` on three seeds (22% at seed 1 without it; `@shapes/cli`'s README). Its head's weights are saved in
   * the rule (about 4,400 numbers for the default CNN), so the base is not needed afterwards. Needs at least
   * `BASE_CHECK_MIN_PER_CLASS` calibration images of each class.
   */
  base?: tf.LayersModel;
}

/**
 * Calibrates the `unknown` rule on validation images of the classes the model knows (never its training
 * images, which it scores too confidently): the threshold keeps `knownRate` of them. No images of unknown
 * shapes are needed, which is the point: at run time nobody knows what the unknowns will look like.
 */
export function calibrateOpenSet(
  model: tf.LayersModel,
  validation: LabelledBatch,
  options: CalibrateOptions = {},
): OpenSetRule {
  const resolved = resolveCalibrateOptions(options);
  const n = validation.shape[0];
  if (n < 1 || validation.labels.length !== n) {
    throw new InvalidModelError(
      `Calibration needs labelled images: got ${n} images and ${validation.labels.length} labels.`,
    );
  }
  const outputs = modelOutputs(model, validation, { tta: resolved.tta });
  return ruleFromOutputs(outputs, validation.labels, options);
}

/**
 * {@link calibrateOpenSet} on validation images already run through the model (with `tta` as they were run),
 * so one forward pass can serve every method.
 */
export function ruleFromOutputs(
  outputs: ModelOutputs,
  labels: ArrayLike<number>,
  options: CalibrateOptions = {},
): OpenSetRule {
  const { method, knownRate, tta } = resolveCalibrateOptions(options);
  const prototypes = method === 'prototype' ? classPrototypes(outputs, labels, outputs.classes) : undefined;
  const scores = openSetScores(outputs, method, prototypes);
  const fitted = options.base ? baseCheckOf(options.base, outputs, labels, scores, knownRate) : undefined;
  const combined = fitted ? lowerOfBoth(scores, fitted.scores, fitted.check) : scores;
  return {
    method,
    threshold: thresholdKeeping(combined, knownRate),
    knownRate,
    ...(prototypes ? { prototypes } : {}),
    ...(tta ? { tta } : {}),
    ...(fitted ? { base: fitted.check } : {}),
  };
}

/**
 * The base check of calibration images whose method scores are `scores`, its scale set so that the median and
 * the quantile where each test alone would reject half of what the rule may reject fall on each other's: neither
 * test's units then decide which of the two rejects. Also the images' base scores, for the threshold.
 */
function baseCheckOf(
  base: tf.LayersModel,
  outputs: ModelOutputs,
  labels: ArrayLike<number>,
  scores: Float32Array,
  knownRate: number,
): { check: BaseCheck; scores: Float32Array } {
  const { embeddings, embeddingSize: size } = outputs;
  const fitted = fitBaseGaussians(baseHead(base), embeddings, size, labels, outputs.classes);
  const own = baseScores(fitted, embeddings, size);
  const half = 1 - (1 - knownRate) / 2;
  const [low, ownLow] = [thresholdKeeping(scores, half), thresholdKeeping(own, half)];
  const [spread, ownSpread] = [median(scores) - low, median(own) - ownLow];
  const scale = spread > 0 && ownSpread > 0 ? spread / ownSpread : 1;
  return { check: { ...fitted, offset: low - scale * ownLow, scale }, scores: own };
}

/**
 * The scores `rule` compares with its threshold, of images already run through the model: the method's score
 * ({@link openSetScores}), or, where the rule has a base check and it is lower, the base check's score in the
 * method's units. One number, so it still ranks images from least to most known (for an AUROC).
 */
export function ruleScores(outputs: ModelOutputs, rule: Omit<OpenSetRule, 'threshold'>): Float32Array {
  const scores = openSetScores(outputs, rule.method, rule.prototypes);
  const check = rule.base;
  return check
    ? lowerOfBoth(scores, baseScores(check, outputs.embeddings, outputs.embeddingSize), check)
    : scores;
}

// The one definition of the combined score, for the threshold and for every answer: `scores`, lowered in place
// to the base check's `base` scores in the method's units where those are lower.
function lowerOfBoth(scores: Float32Array, base: Float32Array, check: BaseCheck): Float32Array {
  for (let i = 0; i < scores.length; i++) {
    const mapped = check.offset + check.scale * (base[i] as number);
    if (mapped < (scores[i] as number)) scores[i] = mapped;
  }
  return scores;
}

function median(values: Float32Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length >> 1] as number;
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

function resolveCalibrateOptions({
  method = 'softmax',
  knownRate = 0.995,
  tta = false,
}: CalibrateOptions): Required<Omit<CalibrateOptions, 'base'>> {
  if (!OPEN_SET_METHODS.includes(method)) {
    throw new InvalidModelError(`method must be one of ${OPEN_SET_METHODS.join(', ')} (got "${method}").`);
  }
  if (!(knownRate > 0 && knownRate <= 1)) {
    throw new InvalidModelError(`knownRate must be in (0, 1] (got ${knownRate}).`);
  }
  return { method, knownRate, tta };
}

/**
 * Classifies images, answering `unknown` where `rule` (from {@link calibrateOpenSet}) rejects them.
 *
 * @example
 * const rule = calibrateOpenSet(model, val);
 * const [p] = predict(model, image, { classNames: ['circle', 'square', 'triangle'], rule });
 * if (p.unknown) console.log("a shape I don't know");
 */
export function predict(
  model: tf.LayersModel,
  batch: ImageBatch,
  {
    classNames,
    rule,
    tta = rule?.tta ?? false,
  }: {
    classNames: readonly string[];
    rule?: OpenSetRule;
    /** Test-time augmentation (see `modelOutputs`). Default: as the rule was calibrated, else false. */
    tta?: boolean;
  },
): Prediction[] {
  if (rule && (rule.tta ?? false) !== tta) {
    throw new InvalidModelError(
      `The open-set rule was calibrated ${rule.tta ? 'with' : 'without'} test-time augmentation; predict the same way (tta: ${!!rule.tta}).`,
    );
  }
  const outputs = modelOutputs(model, batch, { tta });
  if (classNames.length !== outputs.classes) {
    throw new InvalidModelError(
      `The model has ${outputs.classes} classes but ${classNames.length} class names were given.`,
    );
  }
  const scores = rule ? ruleScores(outputs, rule) : undefined;
  const k = outputs.classes;
  const predicted = argMaxRows(outputs.probabilities, k);
  return Array.from({ length: batch.shape[0] }, (_, i) => {
    const probabilities = outputs.probabilities.slice(i * k, (i + 1) * k);
    const index = predicted[i] as number;
    const score = scores ? (scores[i] as number) : Number.NaN;
    const unknown = rule ? !(score >= rule.threshold) : false;
    return {
      label: unknown ? 'unknown' : (classNames[index] as string),
      index,
      confidence: probabilities[index] as number,
      probabilities,
      unknown,
      score,
    };
  });
}

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
