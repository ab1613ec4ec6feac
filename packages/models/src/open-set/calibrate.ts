import type * as tfl from '@tensorflow/tfjs-layers';
import { type ModelOutputs, modelOutputs } from '../embeddings.js';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import type { LabelledBatch } from '../image-batch.js';
import { type BaseCheck, baseHead, baseScores, fitBaseGaussians } from './base-check.js';
import { classPrototypes, OPEN_SET_METHODS, type OpenSetMethod, openSetScores } from './scores.js';
import { checkKnownRate, DEFAULT_KNOWN_RATE, median, thresholdKeeping } from './threshold.js';

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

/** Options of {@link calibrateOpenSet}. */
export interface CalibrateOptions {
  /** Default: `softmax`, which separates known from unknown shapes best in `@shapes/train`'s `measureOpenSet`. */
  method?: OpenSetMethod;
  /**
   * Share of known images to keep as known, default {@link DEFAULT_KNOWN_RATE} (0.995): each point below 1
   * trades known-class accuracy for catching more unknown shapes.
   */
  knownRate?: number;
  /** Test-time augmentation (see `modelOutputs`); recorded in the rule so `predict` does the same. */
  tta?: boolean;
  /**
   * The model this one was transferred from. An image must then also look to the base as the calibration images
   * of its class did: close, in the base's logits, to the mean of one class's (a Mahalanobis distance under
   * their shared covariance). A new head trained on a few examples of two shapes only learns what tells those
   * two apart, and answers one of them, sure of it, for a third shape that shares those traits; the base, which
   * learned other shapes, often sees the difference: in `shapes demo` it turns most unseen hexagons `unknown`
   * that the new head alone takes for a known shape (`pnpm bench unseen-hexagon` measures it). Its head's weights
   * are saved in the rule (about 4,400 numbers for the default CNN), so the base is not needed afterwards. Needs
   * at least 10 calibration images of each class (`whyNoBaseCheck` says when it cannot be used).
   */
  base?: tfl.LayersModel;
}

/**
 * Calibrates the `unknown` rule on validation images of the classes the model knows (never its training
 * images, which it scores too confidently): the threshold keeps `knownRate` of them. No images of unknown
 * shapes are needed, which is the point: at run time nobody knows what the unknowns will look like.
 */
export function calibrateOpenSet(
  model: tfl.LayersModel,
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
  base: tfl.LayersModel,
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

function resolveCalibrateOptions({
  method = 'softmax',
  knownRate = DEFAULT_KNOWN_RATE,
  tta = false,
}: CalibrateOptions): Required<Omit<CalibrateOptions, 'base'>> {
  if (!OPEN_SET_METHODS.includes(method)) {
    throw new InvalidModelError(`method must be one of ${OPEN_SET_METHODS.join(', ')} (got "${method}").`);
  }
  checkKnownRate(knownRate);
  return { method, knownRate, tta };
}
