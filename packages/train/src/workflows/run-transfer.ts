import { type Dataset, dihedral, seedOf } from '@shapes/data';
import {
  type Classifier,
  calibrateOpenSet,
  classifierOf,
  createMetadata,
  FewShotClassifier,
  type FreezeMode,
  type ModelMetadata,
  type ModelProvenance,
  whyNoBaseCheck,
} from '@shapes/models';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainerCallback } from '../callbacks/callback.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { fineTune } from '../experiments/few-shot-experiment.js';
import { outlierDataset } from '../experiments/outliers.js';
import { TRANSFER_DEFAULTS } from './defaults.js';

/** How the new classes are learned. */
export type TransferMethod = 'transfer' | 'prototype';

/** Options of {@link runTransfer}. */
export interface RunTransferOptions {
  /** The trained base and its metadata (a model of `shapes train`, `trainBase` or `loadModel`). */
  base: { model: tfl.LayersModel; metadata: ModelMetadata };
  /** Labelled examples of the classes to learn; their `classNames` become the new model's. */
  examples: Dataset;
  /** Other labelled images of the same classes (none of the examples), to calibrate `unknown` on. */
  validation: Dataset;
  /**
   * `transfer` (default) trains a new head on the base's features; `prototype` builds a prototype head on the
   * frozen embedding: no training, for very few examples.
   */
  method?: TransferMethod;
  /** Default: {@link TRANSFER_DEFAULTS}.freeze. `transfer` only. */
  freeze?: FreezeMode;
  /**
   * Outlier images the new head learns as "none of these". Default: {@link TRANSFER_DEFAULTS}.outliers where the
   * base takes 64x64 gray images (what the outlier shapes are drawn as) and `validation` holds images of every
   * class, else 0: outlier exposure makes the head less sure of its own classes too, which only a threshold
   * calibrated on their images accounts for (a star taught from ten examples beside generated circles, squares
   * and triangles otherwise comes back `unknown` about half the time). `transfer` only.
   */
  outliers?: number;
  /** Default: {@link TRANSFER_DEFAULTS}.tta. */
  tta?: boolean;
  /** Default: {@link TRANSFER_DEFAULTS}.knownRate. */
  knownRate?: number;
  /** Seeds the training and the outliers. Default: 1. */
  seed?: number;
  /** Training samples of the head (default: `fineTune`'s). */
  headSamples?: number;
  /** Saved in the new model's metadata. */
  provenance?: Partial<ModelProvenance>;
  callbacks?: readonly TrainerCallback[];
}

/** What {@link runTransfer} made. */
export interface TransferRun {
  /** The new model with its `unknown` rule, ready to predict and to save. */
  classifier: Classifier;
  model: tfl.LayersModel;
  metadata: ModelMetadata;
  method: TransferMethod;
  /** `null` for a prototype head. */
  freeze: FreezeMode | null;
  outliers: number;
  /** Training time, calibration excluded. */
  seconds: number;
  /**
   * Why `unknown` comes from the new head's confidence alone, without the base check (too few calibration
   * images of a class, or a base too large to carry); `null` when the base check is part of the rule.
   */
  noBaseCheck: string | null;
}

/**
 * Transfer learning end to end: teaches a trained base new classes from a few examples, reusing its learned
 * features, then calibrates when to answer `unknown` and writes the metadata, so the result predicts and saves
 * as it is. A trained head (the default) gets outlier exposure and the base check (an image must also look to
 * the base like the calibration images of its class); a prototype head gets a threshold on its score.
 *
 * @example
 * const run = await runTransfer({ base: { model, metadata }, examples, validation });
 * const [answer] = run.classifier.predict(image);
 */
export async function runTransfer(options: RunTransferOptions): Promise<TransferRun> {
  const { base, examples, validation } = options;
  const method = options.method ?? 'transfer';
  const freeze = options.freeze ?? TRANSFER_DEFAULTS.freeze;
  const tta = options.tta ?? TRANSFER_DEFAULTS.tta;
  const knownRate = options.knownRate ?? TRANSFER_DEFAULTS.knownRate;
  const seed = options.seed ?? TRANSFER_DEFAULTS.seed;
  const outliers = outlierCount(options, method);
  if (base.metadata.prototypes) {
    throw new InvalidArgumentError('The base is a few-shot model; transfer from the model it was made from.');
  }
  if (method === 'prototype' && freeze !== 'features') {
    throw new InvalidArgumentError('A prototype head trains nothing, so it takes no freeze mode.');
  }
  const classNames = examples.classNames;
  const started = performance.now();
  if (method === 'prototype') {
    const head = FewShotClassifier.fromExamples(base.model, dihedral(examples), classNames);
    head.calibrateThreshold(validation, knownRate);
    const seconds = (performance.now() - started) / 1000;
    // The base's own outputs stay the model's in memory: the head lives in the metadata, so classNames stay the
    // base's here (saveModel folds the head into the graph it writes, which then answers the head's classes).
    const metadata = createMetadata(base.model, {
      classNames: [...base.metadata.classNames],
      architecture: base.metadata.architecture,
      prototypes: head.toJSON(),
      provenance: options.provenance,
    });
    const classifier = classifierOf(base.model, metadata);
    return {
      classifier,
      model: base.model,
      metadata,
      method,
      freeze: null,
      outliers: 0,
      seconds,
      noBaseCheck: null,
    };
  }
  const { model, seconds } = await fineTune(base.model, examples, {
    seed,
    outliers: outliers > 0 ? outlierDataset(outliers, seedOf(seed, 'outliers'), classNames) : undefined,
    fineTune: freeze === 'features' ? undefined : freeze,
    fineTuneSamples: freeze === 'features' ? 0 : TRANSFER_DEFAULTS.fineTuneSamples,
    ...(options.headSamples === undefined ? {} : { headSamples: options.headSamples }),
    callbacks: options.callbacks,
  });
  const noBaseCheck = whyNoBaseCheck(base.model, validation.labels, classNames.length) ?? null;
  const metadata = createMetadata(model, {
    classNames: [...classNames],
    architecture: base.metadata.architecture,
    openSet: calibrateOpenSet(model, validation, {
      tta,
      knownRate,
      base: noBaseCheck ? undefined : base.model,
    }),
    provenance: options.provenance,
  });
  const classifier = classifierOf(model, metadata);
  return { classifier, model, metadata, method, freeze, outliers, seconds, noBaseCheck };
}

/** Whether the outlier shapes fit the base: they are drawn 64x64 gray, the default architecture's input. */
export function outliersFit(metadata: ModelMetadata): boolean {
  return metadata.inputSize === 64 && metadata.channels === 1;
}

function outlierCount(options: RunTransferOptions, method: TransferMethod): number {
  const fit = outliersFit(options.base.metadata);
  if (options.outliers === undefined) {
    const { classNames } = options.examples;
    const calibrated = classNames.every((_, c) => options.validation.labels.includes(c));
    return method === 'transfer' && fit && calibrated ? TRANSFER_DEFAULTS.outliers : 0;
  }
  if (options.outliers > 0 && method === 'prototype') {
    throw new InvalidArgumentError('Outliers train the new head; a prototype head trains nothing.');
  }
  if (options.outliers > 0 && !fit) {
    const { inputSize: s, channels } = options.base.metadata;
    throw new InvalidArgumentError(
      `Outliers need a base that takes 64x64 gray images; this one takes ${s}x${s}x${channels}. Pass 0 outliers.`,
    );
  }
  return options.outliers;
}
