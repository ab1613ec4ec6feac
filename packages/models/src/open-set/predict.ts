import type * as tfl from '@tensorflow/tfjs-layers';
import { argMaxRows, modelOutputs } from '../embeddings.js';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import type { ImageBatch } from '../image-batch.js';
import { type OpenSetRule, ruleScores } from './calibrate.js';
import { rejects } from './threshold.js';

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

/**
 * Classifies images, answering `unknown` where `rule` (from `calibrateOpenSet`) rejects them.
 *
 * @example
 * const rule = calibrateOpenSet(model, val);
 * const [p] = predict(model, image, { classNames: ['circle', 'square', 'triangle'], rule });
 * if (p.unknown) console.log("a shape I don't know");
 */
export function predict(
  model: tfl.LayersModel,
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
    const unknown = rejects(score, rule?.threshold);
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
