import { createDataset, examplesSeed, seedOf } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import { type ModelMetadata, predict } from '@shapes/models';
import {
  assertDisjoint,
  type EpochLogs,
  type LearningCurve,
  learningCurve,
  measureOpenSet,
  type OpenSetMeasurement,
  type PredictionSummary,
  runTransfer,
  type SampleImage,
  samplesOf,
  summarizePredictions,
  TRANSFER_DEFAULTS,
  type TrainerCallback,
  trainBase,
  withUnknowns,
} from '@shapes/train';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Progress } from './progress.js';
import type { ExperimentSizes } from './sizes.js';

/** The shapes the base learns, as in the original demo. */
export const BASE_SHAPES = ['circle', 'square', 'triangle'];
/** The shapes transfer learning teaches it afterwards. */
export const NEW_SHAPES = ['star', 'pentagon', 'hexagon'];

// Every set draws from its own stream of the run's seed (SEED_STREAMS of @shapes/data, as `shapes demo` and
// the benchmarks do); the ones that could collide are checked with assertDisjoint.

/** Options of {@link runExperiment}. */
export interface ExperimentOptions {
  sizes: ExperimentSizes;
  seed: number;
  progress: Progress;
  /** Saved in each model's provenance: how it was made (backend, command). */
  notes: string;
}

/** One trained model, its metadata and how it did on held-out images. */
export interface TrainedModel {
  model: tfl.LayersModel;
  metadata: ModelMetadata;
  classNames: string[];
  /** Wall time of training (for the base, data generation included). */
  trainSeconds: number;
  /** Training throughput over the whole training (for transfer: of the head, on embeddings). */
  samplesPerSecond: number;
  evaluateSeconds: number;
  /** Held-out images of its classes plus images of classes it does not know, answered with its open-set rule. */
  test: PredictionSummary;
  samples: SampleImage[];
}

/** Everything the experiment made and measured. */
export interface ExperimentRun {
  base: TrainedModel & {
    history: EpochLogs[];
    /** Each open-set rule, calibrated on known validation images, scored against the new shapes. */
    openSet: OpenSetMeasurement[];
  };
  transfer: TrainedModel & { shots: number };
  curve: LearningCurve;
  curveSeconds: number;
}

/**
 * Runs the whole experiment on the current tfjs backend: the base on circle, square and triangle; its held-out
 * test and open set (star, pentagon and hexagon should come back unknown); transfer to star, pentagon and
 * hexagon from `sizes.shots` examples each and its held-out test; then the learning curve of transfer against
 * training from scratch and a prototype head. Progress goes to `progress` as it runs.
 */
export async function runExperiment({
  sizes,
  seed,
  progress,
  notes,
}: ExperimentOptions): Promise<ExperimentRun> {
  const n = sizes.testPerClass;

  progress.line(
    `1/5 base: training the default CNN on ${BASE_SHAPES.join(', ')}, ${sizes.basePerClass} images per class and as many outliers (at least 2,000), ${sizes.baseEpochs} epoch${sizes.baseEpochs === 1 ? '' : 's'}`,
  );
  const baseThroughput = throughput();
  const trained = await trainBase({
    shapes: BASE_SHAPES,
    perClass: sizes.basePerClass,
    epochs: sizes.baseEpochs,
    seed,
    testPerClass: n,
    provenance: {
      notes,
      dataset: { preset: 'default', seed, perClass: sizes.basePerClass, epochs: sizes.baseEpochs },
    },
    makeDataset: (o) => createDatasetParallel({ ...o, preset: 'default' }),
    callbacks: [progress.training('base'), baseThroughput.callback],
  });
  progress.line(
    `base: trained in ${trained.trainSeconds.toFixed(1)} s (data included), ${Math.round(baseThroughput.samplesPerSecond())} samples/s; held-out accuracy ${percent(trained.test.accuracy)}`,
  );

  progress.line(
    `2/5 evaluate the base: ${n * BASE_SHAPES.length} held-out images, and ${n * NEW_SHAPES.length} of ${NEW_SHAPES.join(', ')} that should come back "unknown"`,
  );
  let started = performance.now();
  const baseVal = createDataset({ shapes: BASE_SHAPES, perClass: n, seed: seedOf(seed, 'validation') });
  assertDisjoint(baseVal, trained.testSet, { first: 'validation', second: 'test' });
  const baseUnknown = createDataset({ shapes: NEW_SHAPES, perClass: n, seed: seedOf(seed, 'unknown') });
  // Every rule's separation, for the report; the model keeps the rule `trainBase` calibrated, as every caller's.
  const openSet = measureOpenSet({
    model: trained.model,
    val: baseVal,
    test: trained.testSet,
    unknown: baseUnknown,
  });
  const baseRule = trained.metadata.openSet!;
  const baseMetadata = trained.metadata;
  const baseAnswered = withUnknowns(trained.testSet, baseUnknown);
  const basePredictions = predict(trained.model, baseAnswered.data, {
    classNames: BASE_SHAPES,
    rule: baseRule,
  });
  const baseTest = summarizePredictions(basePredictions, baseAnswered.truth, BASE_SHAPES);
  const baseEvaluateSeconds = (performance.now() - started) / 1000;
  const softmax = openSet.find((m) => m.method === 'softmax')!;
  progress.line(
    `base: accuracy ${percent(baseTest.accuracy)}; open set (softmax): AUROC ${softmax.auroc.toFixed(3)}, ${baseTest.unknown.flagged} of ${baseTest.unknown.expected} new shapes answered "unknown", ${baseTest.unknown.knownFlagged} known images too`,
  );

  progress.line(
    `3/5 transfer: ${NEW_SHAPES.join(', ')} from ${sizes.shots} examples each, on the base's features`,
  );
  const examples = createDataset({
    shapes: NEW_SHAPES,
    perClass: sizes.shots,
    seed: examplesSeed(seed, sizes.shots),
  });
  const transferTestSet = createDataset({ shapes: NEW_SHAPES, perClass: n, seed: seedOf(seed, 'test') });
  const transferVal = createDataset({
    shapes: NEW_SHAPES,
    perClass: TRANSFER_DEFAULTS.valPerClass,
    seed: seedOf(seed, 'validation'),
  });
  assertDisjoint(examples, transferTestSet, { first: 'transfer examples', second: 'test' });
  assertDisjoint(examples, transferVal, { first: 'transfer examples', second: 'validation' });
  const headThroughput = throughput();
  const tuned = await runTransfer({
    base: trained,
    examples,
    validation: transferVal,
    seed,
    headSamples: sizes.headSamples,
    callbacks: [progress.training('transfer head'), headThroughput.callback],
    provenance: {
      notes,
      base: 'base (trained in the same run)',
      dataset: { preset: 'default', seed: examplesSeed(seed, sizes.shots), perClass: sizes.shots },
    },
  });
  progress.line(
    `transfer: trained in ${tuned.seconds.toFixed(1)} s, ${Math.round(headThroughput.samplesPerSecond())} samples/s (the head, on embeddings computed once)`,
  );
  if (tuned.noBaseCheck)
    progress.line(`transfer: "unknown" from the new head's confidence alone: ${tuned.noBaseCheck}`);

  progress.line(
    `4/5 evaluate the transferred model: ${n * NEW_SHAPES.length} held-out images, and ${n * BASE_SHAPES.length} of ${BASE_SHAPES.join(', ')} that should come back "unknown"`,
  );
  started = performance.now();
  const transferRule = tuned.metadata.openSet!;
  const transferMetadata = tuned.metadata;
  const transferUnknown = createDataset({ shapes: BASE_SHAPES, perClass: n, seed: seedOf(seed, 'unknown') });
  const transferAnswered = withUnknowns(transferTestSet, transferUnknown);
  const transferPredictions = predict(tuned.model, transferAnswered.data, {
    classNames: NEW_SHAPES,
    rule: transferRule,
  });
  const transferTest = summarizePredictions(transferPredictions, transferAnswered.truth, NEW_SHAPES);
  const transferEvaluateSeconds = (performance.now() - started) / 1000;
  progress.line(
    `transfer: accuracy ${percent(transferTest.accuracy)}; ${transferTest.unknown.flagged} of ${transferTest.unknown.expected} base shapes answered "unknown"`,
  );

  const runs = sizes.curveShots.length * sizes.curveSeeds.length;
  progress.line(
    `5/5 learning curve: transfer, from scratch (${sizes.scratchSamples} samples) and a prototype head at ${sizes.curveShots.join(', ')} examples per class, seed${sizes.curveSeeds.length === 1 ? '' : 's'} ${sizes.curveSeeds.join(', ')} (${runs * 3} runs)`,
  );
  started = performance.now();
  const curve = await learningCurve({
    base: trained.model,
    shapes: NEW_SHAPES,
    shots: sizes.curveShots,
    seeds: sizes.curveSeeds,
    testPerClass: n,
    training: {
      headSamples: sizes.headSamples,
      scratchSamples: sizes.scratchSamples,
      callbacks: [progress.training('curve')],
    },
    onPoint: (p) =>
      progress.line(
        `curve: ${p.method} ${p.shots} per class, seed ${p.seed}: ${percent(p.accuracy)} in ${p.seconds.toFixed(1)} s`,
      ),
  });
  const curveSeconds = (performance.now() - started) / 1000;

  return {
    base: {
      model: trained.model,
      metadata: baseMetadata,
      classNames: [...BASE_SHAPES],
      history: trained.history,
      trainSeconds: trained.trainSeconds,
      samplesPerSecond: baseThroughput.samplesPerSecond(),
      evaluateSeconds: baseEvaluateSeconds,
      test: baseTest,
      samples: samplesOf(baseAnswered.data, basePredictions, baseAnswered.truth, BASE_SHAPES, { limit: 96 }),
      openSet,
    },
    transfer: {
      model: tuned.model,
      metadata: transferMetadata,
      classNames: [...NEW_SHAPES],
      shots: sizes.shots,
      trainSeconds: tuned.seconds,
      samplesPerSecond: headThroughput.samplesPerSecond(),
      evaluateSeconds: transferEvaluateSeconds,
      test: transferTest,
      samples: samplesOf(transferAnswered.data, transferPredictions, transferAnswered.truth, NEW_SHAPES, {
        limit: 96,
      }),
    },
    curve,
    curveSeconds,
  };
}

/** Sums the training samples and seconds of every epoch of every fit it is passed to. */
export function throughput(): { callback: TrainerCallback; samplesPerSecond(): number } {
  let samples = 0;
  let seconds = 0;
  return {
    callback: {
      onEpochEnd(_logs, _ctx, timing) {
        samples += timing.samplesPerSecond * timing.seconds;
        seconds += timing.seconds;
      },
    },
    samplesPerSecond: () => (seconds > 0 ? samples / seconds : 0),
  };
}

/** `0.9876` as `98.8%`. */
export function percent(x: number): string {
  return Number.isNaN(x) ? '-' : `${(x * 100).toFixed(1)}%`;
}
