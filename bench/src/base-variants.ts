import { join } from 'node:path';
import {
  CURVE_TEST_SEED,
  cos,
  createDataset,
  type Dataset,
  examplesSeed,
  listShapes,
  type Rng,
  registerShape,
  type ShapeOutline,
  seedOf,
  sin,
} from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import { argMaxRows, createDefaultCnn, modelOutputs, setPreprocessing } from '@shapes/models';
import { describeBackend, selectBackend } from '@shapes/runtime';
import {
  BASE_DEFAULTS,
  concatDatasets,
  cosineDecay,
  fineTune,
  outlierDataset,
  PRETRAINED_RECIPE,
  Trainer,
} from '@shapes/train';
import { readImagesOf } from '@shapes/train/node';
import { Command } from 'commander';
import { parseNumber } from './options.js';
import { fixed, log, printJson, secondsSince } from './output.js';
import { DEFAULT_REALDATA } from './paths.js';

interface VariantOptions {
  seed: number;
  frame: boolean;
  unframedTransfer: boolean;
  polygons?: number;
  outliers?: number;
  perClass: number;
  smoke: boolean;
  realdata: string;
}

const SHAPES = ['circle', 'square', 'triangle'];
const NEW_SHAPES = ['star', 'pentagon', 'hexagon'];
/** outlierDataset's own share of irregular polygons among its five families. */
const OUTLIER_POLYGONS = 0.2;
const POLYGON_SHAPE = 'bench-polygon';

/**
 * How many extra irregular polygons, in place of outlierDataset's other families, bring the polygons' share of
 * `n` outliers to `polygons` (outlierDataset draws its five families in equal shares).
 */
export function extraPolygons(n: number, polygons: number): number {
  return Math.round(((polygons - OUTLIER_POLYGONS) / (1 - OUTLIER_POLYGONS)) * n);
}

/** An irregular polygon of 5 to 12 corners, each at a jittered angle and radius, as outliers.ts draws them. */
export function irregularPolygon(rng: Rng): ShapeOutline {
  const corners = rng.int(5, 13);
  const step = (2 * Math.PI) / corners;
  const inner = rng.range(0.35, 0.8);
  const points: number[] = [];
  for (let i = 0; i < corners; i++) {
    const angle = step * (i + rng.range(-0.35, 0.35));
    const radius = rng.range(inner, 1);
    points.push(radius * cos(angle), radius * sin(angle));
  }
  return { points, smooth: false };
}

/** `n` outliers: outlierDataset's mix, or with `polygons`, that share of them irregular polygons. */
function outlierMix(n: number, seed: number, polygons: number | undefined): Dataset {
  if (polygons === undefined) return outlierDataset(n, seedOf(seed, 'outliers'), SHAPES);
  const extra = extraPolygons(n, polygons);
  if (!listShapes().includes(POLYGON_SHAPE))
    registerShape({ name: POLYGON_SHAPE, outline: irregularPolygon });
  const drawn = createDataset({
    shapes: [POLYGON_SHAPE],
    perClass: extra,
    seed: seed + 8,
    preset: 'default',
  });
  drawn.labels.fill(-1);
  return concatDatasets(outlierDataset(n - extra, seedOf(seed, 'outliers'), SHAPES), {
    ...drawn,
    classNames: SHAPES,
  });
}

/**
 * What the base's features owe to each choice, measured by the transfer they allow: trains one variant of the
 * `base` benchmark's base, then reports its held-out synthetic accuracy, its accuracy on the real sets (never
 * trained on), and the transfer to star, pentagon and hexagon from 20 examples per class (3 seeds; the same
 * examples and test set as the `transfer` benchmark).
 */
async function run(o: VariantOptions): Promise<void> {
  const { seed, smoke } = o;
  const perClass = smoke ? 30 : o.perClass;
  const outliers = o.outliers ?? perClass;
  const backend = await selectBackend();
  log(describeBackend(backend));

  // The base, as trainBase makes it (same data, schedule and seeds), with the variant's changes.
  const started = performance.now();
  const known = await createDatasetParallel({ shapes: SHAPES, perClass, seed, preset: 'default' });
  const train = outliers > 0 ? concatDatasets(known, outlierMix(outliers, seed, o.polygons)) : known;
  const model = createDefaultCnn({ classes: SHAPES.length, seed });
  // The Trainer and every inference then prepare the base's images so (see setPreprocessing).
  setPreprocessing(model, o.frame ? PRETRAINED_RECIPE.preprocessing : BASE_DEFAULTS.preprocessing);
  const epochs = smoke ? 1 : 3;
  const trainer = new Trainer({
    model,
    seed,
    batchSize: 32,
    learningRate: cosineDecay({ initial: 3e-3, epochs, warmupEpochs: smoke ? 0 : 1 }),
  });
  await trainer.fit(train, { epochs });
  const trainSeconds = secondsSince(started);
  const test = await createDatasetParallel({
    shapes: SHAPES,
    perClass: smoke ? 10 : 500,
    seed: seedOf(seed, 'test'),
    preset: 'default',
  });
  const testAccuracy = (await trainer.evaluate(test)).accuracy;
  const real: Record<string, number> = {};
  for (const set of ['four-shapes', 'hand-drawn']) {
    const images = await readImagesOf(join(o.realdata, set), SHAPES).catch(() => undefined);
    if (images) real[set] = fixed((await trainer.evaluate(images)).accuracy, 4);
  }
  log(`base: ${trainSeconds.toFixed(1)} s, test ${(testAccuracy * 100).toFixed(2)}%`);

  const newTest = createDataset({
    shapes: NEW_SHAPES,
    perClass: smoke ? 10 : 300,
    seed: CURVE_TEST_SEED,
    preset: 'default',
  });
  const transfer: { seed: number; accuracy: number; seconds: number }[] = [];
  for (const s of smoke ? [1] : [1, 2, 3]) {
    const examples = createDataset({
      shapes: NEW_SHAPES,
      perClass: 20,
      seed: examplesSeed(s, 20),
      preset: 'default',
    });
    const { model: tuned, seconds } = await fineTune(model, examples, {
      seed: s,
      frame: !o.unframedTransfer,
      ...(smoke ? { headSamples: 512 } : {}),
    });
    const { probabilities, classes } = modelOutputs(tuned, newTest, { tta: true });
    tuned.dispose();
    const predicted = argMaxRows(probabilities, classes);
    const accuracy = predicted.filter((c, i) => c === newTest.labels[i]).length / predicted.length;
    transfer.push({ seed: s, accuracy: fixed(accuracy, 4), seconds: fixed(seconds, 1) });
    log(`transfer seed ${s}: ${(accuracy * 100).toFixed(1)}%`);
  }
  printJson({
    backend: describeBackend(backend),
    variant: {
      seed,
      perClass,
      outliers,
      frame: o.frame,
      framedTransfer: !o.unframedTransfer,
      polygons: o.polygons ?? OUTLIER_POLYGONS,
    },
    base: { trainSeconds: fixed(trainSeconds, 1), testAccuracy: fixed(testAccuracy, 4), real },
    transfer20: {
      mean: fixed(transfer.reduce((a, t) => a + t.accuracy, 0) / transfer.length, 4),
      runs: transfer,
    },
  });
}

export const baseVariants = new Command('base-variants')
  .description(
    'Trains one variant of the base and reports what it gives the transfer to star, pentagon and hexagon from 20 examples per class',
  )
  .option('--seed <n>', 'seed of the base', parseNumber, 1)
  .option(
    '--frame',
    'the base frames its images and makes them light on black, as the pretrained base (PRETRAINED_RECIPE.preprocessing)',
    false,
  )
  .option('--unframed-transfer', "the transfer does not frame its images (fineTune's frame: false)", false)
  .option(
    '--polygons <p>',
    "share of the outliers that are irregular polygons (outlierDataset's own mix: 0.2), the rest of its five families",
    parseNumber,
  )
  .option(
    '--outliers <n>',
    "outlier images in the base's training set (default: as many as --per-class)",
    parseNumber,
  )
  .option('--per-class <n>', 'base images per class', parseNumber, 2000)
  .option(
    '--smoke',
    'a run of seconds that checks the benchmark works (CI): tiny sets, 1 epoch, 1 transfer seed',
    false,
  )
  .option('--realdata <dir>', 'the real image sets', DEFAULT_REALDATA)
  .action((o: VariantOptions) => run(o));
