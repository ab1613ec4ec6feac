import { createDataset, type Dataset, examplesSeed, seedOf } from '@shapes/data';
import { classifierOf, type Prediction } from '@shapes/models';
import type { TrainerCallback } from '../callbacks/callback.js';
import { type BaseExperimentResult, type MakeDataset, trainBase } from '../experiments/base-experiment.js';
import { type ComparePoint, compareMethods } from '../experiments/few-shot-experiment.js';
import { type AnsweredSet, answerSet } from '../metrics/answer-set.js';
import { TRANSFER_DEFAULTS } from './defaults.js';
import { runTransfer, type TransferRun } from './run-transfer.js';

/** The demo's story and sizes: the original demo's, sized to run in about a minute on two cores. */
export const DEMO = {
  baseShapes: ['circle', 'square', 'triangle'],
  newShapes: ['star', 'pentagon'],
  /** The shape no model of the demo is taught. */
  unseen: 'hexagon',
  basePerClass: 1000,
  baseEpochs: 3,
  shots: TRANSFER_DEFAULTS.perClass,
  testPerClass: 300,
  unknownPerClass: 100,
  scratchSamples: 5000,
} as const;

/** Options of {@link runDemo}. */
export interface RunDemoOptions {
  /** Seeds everything: the same seed gives the same run. Default: 1. */
  seed?: number;
  /** Default: `createDataset`; Node passes `createDatasetParallel` of `@shapes/data/node`. */
  makeDataset?: MakeDataset;
  /** Called at the start of each of the six steps, with what it does. */
  onStep?: (message: string) => void;
  /** Training callbacks for a stage (`base`, `transfer`, `scratch 20`...), e.g. a progress bar. */
  callbacks?: (stage: string) => readonly TrainerCallback[];
  /** Called after each model of the comparison. */
  onPoint?: (point: ComparePoint) => void;
  /** Saved in both models' metadata. */
  notes?: string;
}

/** Everything {@link runDemo} made and measured. */
export interface DemoRun {
  seed: number;
  base: BaseExperimentResult;
  /** Held-out base images and images of the new shapes and the unseen one, which should come back `unknown`. */
  baseTest: AnsweredSet;
  transfer: TransferRun;
  /** Held-out images of the new shapes and images of the unseen shape. */
  transferTest: AnsweredSet;
  /** One image of the unseen shape and the transferred model's answer. */
  probe: { data: Dataset; answer: Prediction };
  /** Transfer, scratch and prototype heads on the same examples, sorted by method and examples. */
  comparison: ComparePoint[];
  seconds: number;
}

/**
 * The whole demo, as `shapes demo` runs it: trains a base on circle, square and triangle; tests it on held-out
 * images and on shapes it should answer `unknown`; transfers it to star and pentagon from 20 examples each;
 * tests that, with hexagons it never saw; asks about one hexagon; and compares transfer with training from
 * scratch and a prototype head on the same examples. Every test image comes from another seed than any
 * training image.
 */
export async function runDemo(options: RunDemoOptions = {}): Promise<DemoRun> {
  const { seed = 1, onStep = () => {}, callbacks = () => [] } = options;
  const { baseShapes, newShapes, unseen } = DEMO;
  const started = performance.now();
  const provenance = options.notes ? { notes: options.notes } : undefined;

  onStep(`1/6 base: training on ${baseShapes.join(', ')}`);
  const base = await trainBase({
    shapes: baseShapes,
    perClass: DEMO.basePerClass,
    epochs: DEMO.baseEpochs,
    seed,
    provenance,
    makeDataset: options.makeDataset,
    callbacks: callbacks('base'),
  });

  onStep(
    `2/6 evaluate the base on held-out images, and on ${[...newShapes, unseen].join(', ')} (should be "unknown")`,
  );
  const others = createDataset({
    shapes: [...newShapes, unseen],
    perClass: DEMO.unknownPerClass,
    seed: seedOf(seed, 'unknown'),
  });
  const baseTest = answerSet(classifierOf(base.model, base.metadata), base.testSet, others);

  onStep(`3/6 transfer: ${newShapes.join(', ')} from ${DEMO.shots} examples each`);
  const examples = createDataset({
    shapes: newShapes,
    perClass: DEMO.shots,
    seed: examplesSeed(seed, DEMO.shots),
  });
  const validation = createDataset({
    shapes: newShapes,
    perClass: TRANSFER_DEFAULTS.valPerClass,
    seed: seedOf(seed, 'validation'),
  });
  const transfer = await runTransfer({
    base,
    examples,
    validation,
    seed,
    provenance,
    callbacks: callbacks('transfer'),
  });

  onStep(`4/6 evaluate the new model on held-out images, and on ${unseen}s it never saw`);
  const newKnown = createDataset({
    shapes: newShapes,
    perClass: DEMO.testPerClass,
    seed: seedOf(seed, 'test'),
  });
  const unseenSet = createDataset({
    shapes: [unseen],
    perClass: DEMO.unknownPerClass,
    seed: seedOf(seed, 'unseen'),
  });
  const transferTest = answerSet(transfer.classifier, newKnown, unseenSet);

  onStep(`5/6 predict one unseen ${unseen}`);
  const probe = createDataset({
    shapes: [unseen],
    perClass: 1,
    seed: seedOf(seed, 'probe'),
    styles: ['filled'],
  });
  const [probeAnswer] = transfer.classifier.predict(probe);

  onStep('6/6 compare transfer with training from scratch on the same examples');
  const comparison = await compareMethods({
    base: base.model,
    examples,
    test: newKnown,
    runs: [
      { method: 'transfer', shots: 1 },
      { method: 'transfer', shots: 5 },
      { method: 'prototype', shots: 1 },
      { method: 'prototype', shots: 5 },
      { method: 'prototype', shots: DEMO.shots },
      { method: 'scratch', shots: DEMO.shots },
    ],
    training: { seed, scratchSamples: DEMO.scratchSamples, callbacks: callbacks('compare') },
    onPoint: options.onPoint,
  });
  comparison.push({
    method: 'transfer',
    shots: DEMO.shots,
    accuracy: transferTest.summary.accuracy,
    seconds: transfer.seconds,
  });
  comparison.sort((a, b) => a.method.localeCompare(b.method) || a.shots - b.shots);
  return {
    seed,
    base,
    baseTest,
    transfer,
    transferTest,
    probe: { data: probe, answer: probeAnswer as Prediction },
    comparison,
    seconds: (performance.now() - started) / 1000,
  };
}
