import { createDataset, type Dataset, type RenderOptions, seedOf } from '@shapes/data';
import {
  calibrateOpenSet,
  createDefaultCnn,
  createMetadata,
  type ModelMetadata,
  type ModelProvenance,
  type Preprocessing,
  setPreprocessing,
} from '@shapes/models';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainerCallback } from '../callbacks/callback.js';
import { cosineDecay } from '../lr-schedule.js';
import { type ClassificationReport, classificationReport } from '../metrics/classification-report.js';
import { Trainer } from '../trainer.js';
import type { EpochLogs } from '../types.js';
import { BASE_DEFAULTS, defaultOutliers, TRANSFER_DEFAULTS } from '../workflows/defaults.js';
import { concatDatasets, outlierDataset } from './outliers.js';

/** Makes a dataset; Node callers pass `createDatasetParallel` from `@shapes/data/node` to use every core. */
export type MakeDataset = (options: {
  shapes: readonly string[];
  perClass: number;
  seed: number;
  /** Overrides of the `default` preset's renderer; pass them on. */
  render?: Partial<RenderOptions>;
}) => Dataset | Promise<Dataset>;

/** The three circle, square and triangle classes the seed demo starts from. */
export const BASE_SHAPES: readonly string[] = BASE_DEFAULTS.shapes;

/** Options of {@link trainBase}; every default is {@link BASE_DEFAULTS}'s. */
export interface BaseExperimentOptions {
  shapes?: readonly string[];
  /** Training images per class. */
  perClass?: number;
  epochs?: number;
  /** Peak rate of the cosine schedule (after one epoch of warm-up when there are 3 or more). */
  learningRate?: number;
  batchSize?: number;
  /** Seeds the weights, the data and the order. */
  seed?: number;
  /**
   * Outlier images (random other shapes, see `outlierDataset`) mixed into training and trained towards
   * equal probabilities, so the model learns to say "none of these". Default: as many as `perClass` and at
   * least 2,000; 0 trains a
   * closed-set model.
   */
  outliers?: number;
  /** Held-out test images per class, from another seed than the training images. */
  testPerClass?: number;
  /** Calibration images per class for the `unknown` rule, from their own seed. */
  valPerClass?: number;
  /** Share of the calibration images the `unknown` rule keeps as known. Default: `TRANSFER_DEFAULTS.knownRate`. */
  knownRate?: number;
  /** Saved in the model's metadata. */
  provenance?: Partial<ModelProvenance>;
  callbacks?: readonly TrainerCallback[];
  /** Default: `createDataset` of the `default` preset. */
  makeDataset?: MakeDataset;
  /**
   * Overrides of the `default` preset's renderer for the training and calibration images and the outliers (the
   * held-out test images keep the preset's own). Default: none.
   */
  render?: Partial<RenderOptions>;
  /** How the model sees images (see `setPreprocessing`). Default: `BASE_DEFAULTS.preprocessing`. */
  preprocessing?: Preprocessing;
  /** The default CNN's `embeddingSize` (filters of its last two blocks). Default: 64. */
  embeddingSize?: number;
}

/** What {@link trainBase} made and measured. */
export interface BaseExperimentResult {
  model: tfl.Sequential;
  /** Its metadata, with the `unknown` rule calibrated on `valPerClass` fresh images (with test-time augmentation). */
  metadata: ModelMetadata;
  classNames: string[];
  history: EpochLogs[];
  /** Wall time from the first image generated to the trained model, test excluded. */
  trainSeconds: number;
  /** On the held-out synthetic test set. */
  test: ClassificationReport;
  testSet: Dataset;
}

/**
 * Trains the default CNN on synthetic shapes, the first half of the seed demo's story, with the recipe measured
 * to reach 99.5% on two cores: 2,000 images per class and as many outliers, 3 epochs, Adam under a cosine
 * schedule with one epoch of warm-up; then calibrates its `unknown` rule on fresh images. The test images come
 * from a different seed.
 */
export async function trainBase(options: BaseExperimentOptions = {}): Promise<BaseExperimentResult> {
  const {
    shapes = BASE_DEFAULTS.shapes,
    perClass = BASE_DEFAULTS.perClass,
    epochs = BASE_DEFAULTS.epochs,
    learningRate = BASE_DEFAULTS.learningRate,
    batchSize = BASE_DEFAULTS.batchSize,
    seed = BASE_DEFAULTS.seed,
    testPerClass = BASE_DEFAULTS.testPerClass,
    valPerClass = BASE_DEFAULTS.valPerClass,
    callbacks = [],
    makeDataset = (o) => createDataset({ ...o, preset: 'default' }),
  } = options;
  const started = performance.now();
  const outliers = options.outliers ?? defaultOutliers(perClass);
  const { render } = options;
  const known = await makeDataset({ shapes, perClass, seed, render });
  const train =
    outliers > 0
      ? concatDatasets(known, outlierDataset(outliers, seedOf(seed, 'outliers'), shapes, render))
      : known;
  const model = createDefaultCnn({ classes: shapes.length, seed, embeddingSize: options.embeddingSize });
  setPreprocessing(model, options.preprocessing ?? BASE_DEFAULTS.preprocessing);
  const trainer = new Trainer({
    model,
    seed,
    batchSize,
    learningRate: cosineDecay({ initial: learningRate, epochs, warmupEpochs: epochs >= 3 ? 1 : 0 }),
  });
  const { history } = await trainer.fit(train, { epochs, callbacks });
  const trainSeconds = (performance.now() - started) / 1000;
  const testSet = await makeDataset({ shapes, perClass: testPerClass, seed: seedOf(seed, 'test') });
  const evaluation = await trainer.test(testSet);
  trainer.dispose();
  const val = await makeDataset({ shapes, perClass: valPerClass, seed: seedOf(seed, 'validation'), render });
  const metadata = createMetadata(model, {
    classNames: [...shapes],
    architecture: 'default',
    openSet: calibrateOpenSet(model, val, {
      tta: TRANSFER_DEFAULTS.tta,
      knownRate: options.knownRate ?? TRANSFER_DEFAULTS.knownRate,
    }),
    provenance: options.provenance,
  });
  return {
    model,
    metadata,
    classNames: [...shapes],
    history,
    trainSeconds,
    test: classificationReport(testSet.labels, evaluation.predicted, [...shapes]),
    testSet,
  };
}
