import type { Dataset } from '@shapes/data';
import {
  argMaxRows,
  DEFAULT_KNOWN_RATE,
  modelOutputs,
  OPEN_SET_METHODS,
  type OpenSetMethod,
  type OpenSetRule,
  openSetScores,
  ruleFromOutputs,
} from '@shapes/models';
import type * as tfl from '@tensorflow/tfjs-layers';
import { auroc } from '../metrics/auroc.js';

/** Options of {@link measureOpenSet}. */
export interface OpenSetExperimentOptions {
  model: tfl.LayersModel;
  /** Images of the known classes to calibrate on; not the training images. */
  val: Dataset;
  /** Held-out images of the known classes. */
  test: Dataset;
  /** Images of shapes the model never saw; its class names are reported one by one. */
  unknown: Dataset;
  /** Share of known validation images kept as known. Default: `DEFAULT_KNOWN_RATE` (0.995). */
  knownRate?: number;
  /** Default: every method. */
  methods?: readonly OpenSetMethod[];
}

/** How well one open-set rule separates known from unknown shapes. */
export interface OpenSetMeasurement {
  method: OpenSetMethod;
  rule: OpenSetRule;
  /** Area under the ROC curve of "unknown" against known test images (1 = perfect, 0.5 = chance). */
  auroc: number;
  /** Accuracy on known test images without the rule. */
  knownAccuracy: number;
  /** Share of known test images that are right and not flagged unknown. */
  knownAccuracyWithRule: number;
  /** Share of unknown images flagged unknown. */
  unknownFlagged: number;
  /** The same per unknown class. */
  perUnknownClass: { name: string; auroc: number; flagged: number }[];
}

/**
 * Measures each open-set method the honest way: calibrated on known validation images only, then scored on
 * held-out known images and on shapes the model never saw. Known-class accuracy is reported with and without
 * the rule, since every unknown caught costs some known images flagged by mistake.
 */
export function measureOpenSet(options: OpenSetExperimentOptions): OpenSetMeasurement[] {
  const { model, val, test, unknown, knownRate = DEFAULT_KNOWN_RATE, methods = OPEN_SET_METHODS } = options;
  // One forward pass per set serves every method.
  const calibration = modelOutputs(model, val);
  const known = modelOutputs(model, test);
  const other = modelOutputs(model, unknown);
  const nKnown = test.shape[0];
  const predicted = argMaxRows(known.probabilities, known.classes);
  const right = predicted.filter((c, i) => c === test.labels[i]).length;
  return methods.map((method) => {
    const rule = ruleFromOutputs(calibration, val.labels, { method, knownRate });
    const knownScores = openSetScores(known, method, rule.prototypes);
    const otherScores = openSetScores(other, method, rule.prototypes);
    // A low score means "unknown", so the unknown images are the positives of -score.
    const separation = (others: Float32Array) =>
      auroc(
        [...Array.from(knownScores, (s) => -s), ...Array.from(others, (s) => -s)],
        [
          ...new Array<boolean>(knownScores.length).fill(false),
          ...new Array<boolean>(others.length).fill(true),
        ],
      );
    let keptRight = 0;
    for (let i = 0; i < nKnown; i++) {
      if ((knownScores[i] as number) >= rule.threshold && predicted[i] === test.labels[i]) keptRight++;
    }
    const flagged = (scores: Float32Array) => scores.filter((s) => !(s >= rule.threshold)).length;
    return {
      method,
      rule,
      auroc: separation(otherScores),
      knownAccuracy: right / nKnown,
      knownAccuracyWithRule: keptRight / nKnown,
      unknownFlagged: flagged(otherScores) / otherScores.length,
      perUnknownClass: unknown.classNames.map((name, c) => {
        const scores = otherScores.filter((_, i) => unknown.labels[i] === c);
        return { name, auroc: separation(scores), flagged: flagged(scores) / scores.length };
      }),
    };
  });
}
