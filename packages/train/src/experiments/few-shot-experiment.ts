import {
  CURVE_TEST_SEED,
  createDataset,
  type Dataset,
  dihedral,
  examplesSeed,
  rotations,
  subset,
} from '@shapes/data';
import {
  argMaxRows,
  copyLayer,
  createDefaultCnn,
  EMBEDDING_LAYER,
  embed,
  FewShotClassifier,
  modelOutputs,
  type Preprocessing,
  preprocessingOf,
  setFrozen,
  setPreprocessing,
  transfer,
} from '@shapes/models';
import * as tfl from '@tensorflow/tfjs-layers';
import type { TrainerCallback } from '../callbacks/callback.js';
import { cosineDecay } from '../lr-schedule.js';
import { type MeanStd, meanStd } from '../metrics/mean-std.js';
import { assertDisjoint } from '../overlap.js';
import { Trainer } from '../trainer.js';
import { concatDatasets } from './outliers.js';

/** How a model learns new classes from a few examples. */
export type FewShotMethod = 'transfer' | 'scratch' | 'prototype';

/** Options of {@link fineTune} and {@link trainFromScratch}. */
export interface FewShotTrainingOptions {
  /**
   * Training samples shown to the new head, with the features frozen, on embeddings computed once, so they
   * are cheap. Default: 100,000, with a batch of 256 and a rate of 0.01 (`pnpm bench transfer --head-samples N`
   * compares budgets).
   */
  headSamples?: number;
  /** Batch size of the head phase, where a step costs little but its overhead. Default: 256. */
  headBatchSize?: number;
  /** Peak rate of the head phase. Default: 0.01. */
  headRate?: number;
  /**
   * Training samples of the second phase, where the features train too (see `fineTune`). Default: 0: with a
   * well-trained head it does not help at 20 examples per class (`pnpm bench transfer --fine-tune-samples 5000`).
   */
  fineTuneSamples?: number;
  /** What trains beside the head in the second phase. Default: `none` (every layer). */
  fineTune?: 'all-but-last-block' | 'none';
  /** Peak rate of the second phase. Default: a tenth of `learningRate`. */
  fineTuneRate?: number;
  /** Peak rate of training from scratch, and a tenth of it that of the second phase. Default: 3e-3. */
  learningRate?: number;
  /** Training samples of `trainFromScratch`, through the whole network. Default: 10,000. */
  scratchSamples?: number;
  /**
   * Train on each example and `rotations` copies of it turned by random angles, each in its 8 rotations by right
   * angles and mirror images. Default: true.
   */
  augment?: boolean;
  /**
   * Copies of each example turned by random angles when `augment`. Default: 8. From 20 examples per class of
   * star, pentagon and hexagon, they raise the pretrained base's transfer (`pnpm bench transfer --base pretrained
   * --seeds 11,12,13,14,15 --rotations N`; the README of @shapes/train has the figures).
   */
  rotations?: number;
  /**
   * Frame every image's ink (`frameInk` of `@shapes/data`: centred, scaled to fill 80% of the frame) in training
   * and in every later use of the model: its preprocessing says `frame: 'ink'` (see `setPreprocessing`), and is
   * saved with it. With a few examples per class, size and position are variation the examples cannot cover.
   * From a base that normalizes its ink (`normalize: 'ink'`, as the pretrained base), the new model does too.
   * Default: true (`pnpm bench transfer` against `pnpm bench transfer --no-frame` measures what it gives).
   */
  frame?: boolean;
  /**
   * Images of none of the new classes (e.g. `outlierDataset`, labelled -1), mixed into training and trained
   * towards equal probabilities (outlier exposure): the new model then says "unknown" more often for shapes it
   * was not taught. `fineTune` only. Default: none.
   */
  outliers?: Dataset;
  /** Default: 32. */
  batchSize?: number;
  /** Default: 1. */
  seed?: number;
  callbacks?: readonly TrainerCallback[];
}

/** A model trained by {@link fineTune} or {@link trainFromScratch}. */
export interface FewShotTrained {
  model: tfl.Sequential;
  /** Wall time of the training, augmentation included. */
  seconds: number;
}

function withDefaults(options: FewShotTrainingOptions, train: Dataset) {
  return {
    preprocessing: (options.frame ?? true) ? FRAMED : UNFRAMED,
    headSamples: options.headSamples ?? 100_000,
    fineTuneSamples: options.fineTuneSamples ?? 0,
    learningRate: options.learningRate ?? 3e-3,
    data:
      (options.augment ?? true)
        ? dihedral(rotations(train, options.rotations ?? 8, options.seed ?? 1))
        : train,
  };
}

const FRAMED: Preprocessing = { scale: 'unit', frame: 'ink' };
const UNFRAMED: Preprocessing = { scale: 'unit' };

// Batches an epoch holds at least (see trainFor).
const MIN_EPOCH_BATCHES = 16;

/** Trains on `samples` images (whole epochs, at least one) under a cosine schedule from `rate`. */
async function trainFor(
  model: tfl.LayersModel,
  examples: Dataset,
  samples: number,
  rate: number,
  { seed = 1, batchSize = 32, callbacks = [] }: FewShotTrainingOptions,
): Promise<void> {
  // A set of a few batches would make 100,000 samples thousands of epochs, whose fixed cost per epoch then
  // dominates (1 example per class took 24 s instead of 3): shown whole several times per epoch (never past the
  // budget), it trains the same in a tenth of the time.
  const n = examples.shape[0];
  const times = Math.min(Math.ceil((MIN_EPOCH_BATCHES * batchSize) / n), Math.floor(samples / n));
  const tiled = Array.from({ length: n * times }, (_, i) => i % n);
  const data = times > 1 ? subset(examples, tiled) : examples;
  const epochs = Math.max(1, Math.ceil(samples / data.shape[0]));
  const trainer = new Trainer({
    model,
    seed,
    batchSize,
    learningRate: cosineDecay({ initial: rate, epochs }),
  });
  await trainer.fit(data, { epochs, callbacks });
  trainer.dispose();
}

/**
 * Transfer learning from `base`: a new head on its frozen features, trained on embeddings computed once (so
 * even 100,000 samples take seconds), then, if `fineTuneSamples` is above 0, every layer (or `fineTune`'s
 * choice) at a tenth of `learningRate`. Budgets count training samples rather than epochs, so 1 example per
 * class trains as long as 100. The defaults are the recipe `pnpm bench transfer` measures best.
 */
export async function fineTune(
  base: tfl.LayersModel,
  train: Dataset,
  options: FewShotTrainingOptions = {},
): Promise<FewShotTrained> {
  const started = performance.now();
  const {
    headSamples,
    fineTuneSamples,
    learningRate,
    preprocessing,
    data: examples,
  } = withDefaults(options, train);
  const data = options.outliers
    ? concatDatasets(examples, { ...options.outliers, classNames: train.classNames })
    : examples;
  const n = data.shape[0];
  const model = transfer(base, { classes: train.classNames.length, freeze: 'features' });
  // A base that learned on normalized ink (the pretrained one) gives features of normalized ink only.
  const normalize = preprocessing.frame && preprocessingOf(base).normalize;
  setPreprocessing(model, normalize ? { ...preprocessing, normalize } : preprocessing);
  if (headSamples > 0) {
    // With the features frozen, each image's embedding never changes: computed once, the head trains on
    // 64 numbers per image instead of running the whole network every step.
    const { embeddings, size } = embed(model, data);
    const { head, commit } = headOf(model, size);
    const vectors: Dataset = { ...data, images: embeddings, shape: [n, 1, 1, size] };
    await trainFor(head, vectors, headSamples, options.headRate ?? 1e-2, {
      ...options,
      batchSize: options.headBatchSize ?? 256,
    });
    commit();
    head.dispose();
  }
  if (fineTuneSamples > 0) {
    setFrozen(model, options.fineTune ?? 'none');
    await trainFor(model, data, fineTuneSamples, options.fineTuneRate ?? learningRate / 10, options);
  }
  return { model, seconds: (performance.now() - started) / 1000 };
}

/**
 * A model of copies of `model`'s head layers alone, taking embeddings as 1x1 images, and `commit` to copy its
 * trained weights back. Copies rather than shared layers: a layer used in a second graph has two inbound nodes,
 * and tfjs then refuses to say what its input is.
 */
function headOf(model: tfl.LayersModel, size: number): { head: tfl.LayersModel; commit: () => void } {
  const k = model.layers.findIndex((l) => l.name === EMBEDDING_LAYER);
  const layers = model.layers.slice(k + 1);
  const copies = layers.map((layer) => copyLayer(layer));
  const head = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [1, 1, size] }), ...copies] });
  copies.forEach((copy, i) => {
    copy.setWeights((layers[i] as tfl.layers.Layer).getWeights());
  });
  const commit = () =>
    layers.forEach((layer, i) => {
      layer.setWeights((copies[i] as tfl.layers.Layer).getWeights());
    });
  return { head, commit };
}

/** The same network trained from random weights on the same images for as many samples: the baseline. */
export async function trainFromScratch(
  train: Dataset,
  options: FewShotTrainingOptions = {},
): Promise<FewShotTrained> {
  const started = performance.now();
  const { learningRate, preprocessing, data } = withDefaults(options, train);
  const [, size, , channels] = data.shape;
  const model = createDefaultCnn({
    classes: train.classNames.length,
    inputSize: size,
    channels: channels as 1 | 3,
    seed: options.seed ?? 1,
  });
  setPreprocessing(model, preprocessing);
  await trainFor(model, data, options.scratchSamples ?? 10_000, learningRate, options);
  return { model, seconds: (performance.now() - started) / 1000 };
}

/** Options of {@link learningCurve}. */
export interface LearningCurveOptions {
  /** The trained base (e.g. from `trainBase`). */
  base: tfl.LayersModel;
  /** The new classes. Default: star, pentagon, hexagon. */
  shapes?: readonly string[];
  /** Examples per class. Default: 1, 2, 5, 10, 20, 50, 100. */
  shots?: readonly number[];
  /** One run per seed and point: each draws other examples. Default: 1, 2, 3. */
  seeds?: readonly number[];
  /** Default: all three. */
  methods?: readonly FewShotMethod[];
  /** Test images per class, the same for every run. Default: 300. */
  testPerClass?: number;
  training?: FewShotTrainingOptions;
  /**
   * Test the trained models with test-time augmentation (each test image in its 8 rotations and mirror images,
   * probabilities averaged). Default: true. The prototype head is tested without it.
   */
  tta?: boolean;
  /** Called after every run, e.g. to print progress. */
  onPoint?: (point: LearningCurvePoint) => void;
}

/** One run of a {@link learningCurve}. */
export interface LearningCurvePoint {
  method: FewShotMethod;
  shots: number;
  seed: number;
  /** On the held-out test set. */
  accuracy: number;
  /** Training time (for `prototype`, the time to build the prototypes). */
  seconds: number;
}

/** A {@link learningCurve}'s runs and their mean and spread over seeds. */
export interface LearningCurve {
  shapes: string[];
  points: LearningCurvePoint[];
  summary: { method: FewShotMethod; shots: number; accuracy: MeanStd; seconds: MeanStd }[];
}

/**
 * The question the seed demo never answered: does transfer help, and from how many examples? For each number
 * of examples per class and each seed, draws that many synthetic examples of the new shapes, then measures on
 * one held-out test set (another seed, checked to share no image): transfer from `base`, the same network
 * from scratch, and a prototype head on the base's frozen embedding (no training).
 */
export async function learningCurve(options: LearningCurveOptions): Promise<LearningCurve> {
  const {
    base,
    shapes = ['star', 'pentagon', 'hexagon'],
    shots = [1, 2, 5, 10, 20, 50, 100],
    seeds = [1, 2, 3],
    methods = ['transfer', 'scratch', 'prototype'],
    testPerClass = 300,
    training = {},
    tta = true,
  } = options;
  const test = createDataset({ shapes, perClass: testPerClass, seed: CURVE_TEST_SEED, preset: 'default' });
  const points: LearningCurvePoint[] = [];
  for (const k of shots) {
    for (const seed of seeds) {
      const examples = createDataset({ shapes, perClass: k, seed: examplesSeed(seed, k), preset: 'default' });
      // A leak would flatter the curve, so it fails loudly instead.
      assertDisjoint(examples, test);
      for (const method of methods) {
        const point = await runMethod(method, base, examples, test, { ...training, seed }, tta);
        points.push({ method, shots: k, seed, ...point });
        options.onPoint?.(points.at(-1) as LearningCurvePoint);
      }
    }
  }
  const summary = methods.flatMap((method) =>
    shots.map((k) => {
      const runs = points.filter((p) => p.method === method && p.shots === k);
      return {
        method,
        shots: k,
        accuracy: meanStd(runs.map((p) => p.accuracy)),
        seconds: meanStd(runs.map((p) => p.seconds)),
      };
    }),
  );
  return { shapes: [...shapes], points, summary };
}

/** One method of a {@link compareMethods} run: how the new classes are learned, from how many examples each. */
export interface MethodRun {
  method: FewShotMethod;
  shots: number;
}

/** One trained-and-tested model of {@link compareMethods}. */
export interface ComparePoint extends MethodRun {
  /** On the held-out test images. */
  accuracy: number;
  /** Training time (for `prototype`, the time to build the prototypes). */
  seconds: number;
}

/** Options of {@link compareMethods}. */
export interface CompareMethodsOptions {
  base: tfl.LayersModel;
  /** Labelled examples; each run learns from the first `shots` of each class. */
  examples: Dataset;
  /** Held-out images of the same classes, the same for every run. */
  test: Dataset;
  runs: readonly MethodRun[];
  training?: FewShotTrainingOptions;
  /** Test the trained models with test-time augmentation. Default: true. */
  tta?: boolean;
  /** Called after every run, e.g. to print progress. */
  onPoint?: (point: ComparePoint) => void;
}

/**
 * Transfer from `base` against the same network trained from scratch and a prototype head, each on the same
 * examples (the first `shots` per class) and tested on the same held-out images: the learning curve of one
 * given set of examples. Scratch trains on `scratchSamples` images (many epochs of the few examples), several
 * times transfer's wall time, so a win for transfer is not for lack of training.
 */
export async function compareMethods(options: CompareMethodsOptions): Promise<ComparePoint[]> {
  const { base, test, training = {}, tta = true } = options;
  const points: ComparePoint[] = [];
  for (const { method, shots } of options.runs) {
    const examples = firstPerClass(options.examples, shots);
    const point = { method, shots, ...(await runMethod(method, base, examples, test, training, tta)) };
    points.push(point);
    options.onPoint?.(point);
  }
  return points;
}

/** The first `k` images of each class of `examples`. */
export function firstPerClass(examples: Dataset, k: number): Dataset {
  const seen = new Map<number, number>();
  const keep: number[] = [];
  examples.labels.forEach((label, i) => {
    const n = seen.get(label) ?? 0;
    if (n < k) keep.push(i);
    seen.set(label, n + 1);
  });
  return subset(examples, keep);
}

async function runMethod(
  method: FewShotMethod,
  base: tfl.LayersModel,
  examples: Dataset,
  test: Dataset,
  training: FewShotTrainingOptions,
  tta: boolean,
): Promise<{ accuracy: number; seconds: number }> {
  if (method === 'prototype') {
    const started = performance.now();
    const data = (training.augment ?? true) ? dihedral(examples) : examples;
    const head = FewShotClassifier.fromExamples(base, data, examples.classNames);
    const seconds = (performance.now() - started) / 1000;
    const predictions = head.predict(test);
    const right = predictions.filter((p, i) => p.index === test.labels[i]).length;
    return { accuracy: right / test.shape[0], seconds };
  }
  const { model, seconds } =
    method === 'transfer'
      ? await fineTune(base, examples, training)
      : await trainFromScratch(examples, training);
  const { probabilities, classes } = modelOutputs(model, test, { tta });
  model.dispose();
  const right = argMaxRows(probabilities, classes).filter((c, i) => c === test.labels[i]).length;
  return { accuracy: right / test.shape[0], seconds };
}
