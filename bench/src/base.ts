import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDataset, type Dataset, seedOf } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import { createMetadata } from '@shapes/models';
import { saveModelToDir } from '@shapes/models/node';
import { describeBackend, selectBackend } from '@shapes/runtime';
import {
  formatConfusionMatrix,
  measureOpenSet,
  type OpenSetMeasurement,
  progressLog,
  Trainer,
  trainBase,
} from '@shapes/train';
import { readImagesOf } from '@shapes/train/node';
import { Command } from 'commander';
import { parseNameList, parseNumber } from './options.js';
import { fixed, log, printJson } from './output.js';
import { DEFAULT_REALDATA } from './paths.js';

interface BaseOptions {
  perClass: number;
  epochs: number;
  learningRate: number;
  seed: number;
  shapes: string[];
  outliers?: number;
  save?: string;
  realdata: string;
}

/** The story's six shapes: those a base was not trained on are its unknowns. */
const SIX = ['circle', 'square', 'triangle', 'star', 'pentagon', 'hexagon'];
/** Shapes close to the known ones, for the open set's harder test. */
const NEAR_MISSES = ['octagon', 'ellipse', 'rectangle', 'diamond'];

/** The shapes of {@link SIX} a base trained on `known` never saw. */
export function unknownShapes(known: readonly string[]): string[] {
  return SIX.filter((s) => !known.includes(s));
}

/**
 * The images of `classNames` in the real set `set` of `realdata` (see {@link readImagesOf}), read at `format`
 * (64x64 gray, the default CNN's input, unless told); or why there are none: the set is not there, or it holds
 * none of those classes (with --shapes, a set may hold none of them).
 */
export async function readRealSet(
  realdata: string,
  set: string,
  classNames: readonly string[],
  format: { size?: number; channels?: 1 | 3 } = {},
): Promise<Dataset<Uint8Array> | string> {
  const root = join(realdata, set);
  if (!existsSync(root)) return `not found: ${root}`;
  return readImagesOf(root, classNames, format).catch((error: Error) => error.message);
}

/** One open-set rule's figures, rounded for the JSON. */
export function openSetSummary(m: OpenSetMeasurement) {
  return {
    method: m.method,
    auroc: fixed(m.auroc, 4),
    knownAccuracy: fixed(m.knownAccuracy, 4),
    knownAccuracyWithRule: fixed(m.knownAccuracyWithRule, 4),
    unknownFlagged: fixed(m.unknownFlagged, 4),
    perUnknownClass: m.perUnknownClass.map((c) => ({
      ...c,
      auroc: fixed(c.auroc, 4),
      flagged: fixed(c.flagged, 4),
    })),
  };
}

/**
 * The base model and its open set, measured: the default CNN trained on `--shapes` of the `default` preset on
 * the fastest backend here; tested on held-out synthetic images and on the real sets (never trained on); then
 * each open-set rule, calibrated on known validation images only, scored against shapes the model never saw
 * (synthetic, then near misses, then the real stars of four-shapes).
 */
async function run(o: BaseOptions): Promise<void> {
  const { seed } = o;
  const report = await selectBackend();
  log(describeBackend(report));
  const base = await trainBase({
    perClass: o.perClass,
    epochs: o.epochs,
    learningRate: o.learningRate,
    seed,
    shapes: o.shapes,
    ...(o.outliers !== undefined ? { outliers: o.outliers } : {}),
    makeDataset: (d) => createDatasetParallel({ ...d, preset: 'default' }),
    callbacks: [progressLog({ write: log, everySeconds: 10 })],
  });
  const { model, classNames } = base;
  log(formatConfusionMatrix(base.test.confusion, classNames));
  const evaluator = new Trainer({ model });
  const accuracyOn = async (ds: Dataset) => fixed((await evaluator.evaluate(ds)).accuracy, 4);

  const real: Record<string, unknown> = {};
  for (const set of ['four-shapes', 'hand-drawn']) {
    const known = await readRealSet(o.realdata, set, classNames);
    real[set] =
      typeof known === 'string' ? known : { images: known.shape[0], accuracy: await accuracyOn(known) };
  }

  // Calibration images: known classes, another seed than training and test.
  const val = createDataset({ shapes: classNames, perClass: 300, seed: seedOf(seed, 'validation') });
  const openSet = (shapes: string[]) =>
    measureOpenSet({
      model,
      val,
      test: base.testSet,
      unknown: createDataset({ shapes, perClass: 500, seed: seedOf(seed, 'unknown') }),
    });
  const unknown = openSet(unknownShapes(classNames));
  const realStars = join(o.realdata, 'four-shapes');
  const openSetReal =
    existsSync(realStars) && !classNames.includes('star')
      ? measureOpenSet({
          model,
          val,
          test: base.testSet,
          unknown: await readImagesOf(realStars, ['star']),
        }).map((m) => ({
          method: m.method,
          realStarsFlagged: fixed(m.unknownFlagged, 4),
          auroc: fixed(m.auroc, 4),
        }))
      : 'four-shapes not found';

  if (o.save) {
    const metadata = createMetadata(model, {
      classNames,
      architecture: 'default',
      // The rule that separated best here, saved with the model so `predict` can answer "unknown" out of the box.
      openSet: unknown.find((m) => m.method === 'softmax')?.rule,
      provenance: { createdAt: new Date().toISOString(), notes: `@shapes/bench base --seed ${seed}` },
    });
    await saveModelToDir(model, o.save, metadata, { overwrite: true });
    log(`saved to ${o.save}`);
  }
  printJson({
    backend: describeBackend(report),
    trainSeconds: fixed(base.trainSeconds, 1),
    syntheticTest: {
      images: base.testSet.shape[0],
      accuracy: fixed(base.test.accuracy, 4),
      confusion: base.test.confusion,
    },
    real,
    openSet: {
      unknown: unknown.map(openSetSummary),
      nearMisses: openSet(NEAR_MISSES).map(openSetSummary),
      realStars: openSetReal,
    },
    history: base.history.map((h) => ({
      ...h,
      loss: fixed(h.loss, 4),
      accuracy: h.accuracy === undefined ? undefined : fixed(h.accuracy, 4),
    })),
  });
}

export const base = new Command('base')
  .description(
    'Trains the base model (the default CNN on circle, square and triangle) and measures it: held-out and real-set accuracy, and each open-set rule against unseen shapes',
  )
  .option('--per-class <n>', 'training images per class', parseNumber, 2000)
  .option('--epochs <n>', 'epochs', parseNumber, 3)
  .option('--learning-rate <r>', 'peak learning rate', parseNumber, 3e-3)
  .option('--seed <n>', 'seed of the data and the weights', parseNumber, 1)
  .option('--shapes <list>', 'the classes, comma-separated', parseNameList, ['circle', 'square', 'triangle'])
  .option(
    '--outliers <n>',
    'outlier images trained as "none of these" (trainBase\'s default without it)',
    parseNumber,
  )
  .option('--save <dir>', 'keep the model here, for transfer, unseen-hexagon and drawings')
  .option('--realdata <dir>', 'the real image sets', DEFAULT_REALDATA)
  .action((o: BaseOptions) => run(o));
