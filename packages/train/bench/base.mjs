#!/usr/bin/env node
// Issue 4's base model and open set, measured: the default CNN trained on circle, square and triangle from the
// `default` preset on the fastest backend here; tested on held-out synthetic images and on the real sets in
// ../shared/realdata (never trained on); then each open-set rule, calibrated on known validation images only,
// scored against shapes the model never saw (synthetic star, pentagon, hexagon; then near misses; then the
// real stars of four-shapes; with --shapes, the rest of the six). Prints JSON; --save DIR keeps the model for bench/transfer.mjs.
// Usage (after a build): node bench/base.mjs [--per-class 2000] [--epochs 3] [--seed 1] [--save DIR]
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDataset, seedOf } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import { createMetadata } from '@shapes/models';
import { saveModelToDir } from '@shapes/models/node';
import { describeBackend, selectBackend } from '@shapes/runtime';
import { formatConfusionMatrix, measureOpenSet, progressLog, Trainer, trainBase } from '../dist/index.js';
import { readImagesOf } from '../dist/node/index.js';

const { values } = parseArgs({
  options: {
    'per-class': { type: 'string', default: '2000' },
    epochs: { type: 'string', default: '3' },
    'learning-rate': { type: 'string', default: '3e-3' },
    seed: { type: 'string', default: '1' },
    shapes: { type: 'string', default: 'circle,square,triangle' },
    outliers: { type: 'string' },
    save: { type: 'string' },
    realdata: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/realdata'),
    },
  },
});
const seed = Number(values.seed);
const report = await selectBackend();
const log = (line) => process.stderr.write(`${line}\n`);
log(describeBackend(report));
const makeDataset = (o) => createDatasetParallel({ ...o, preset: 'default' });
const base = await trainBase({
  perClass: Number(values['per-class']),
  epochs: Number(values.epochs),
  learningRate: Number(values['learning-rate']),
  seed,
  shapes: values.shapes.split(','),
  ...(values.outliers !== undefined ? { outliers: Number(values.outliers) } : {}),
  makeDataset,
  callbacks: [progressLog({ write: log, everySeconds: 10 })],
});
const { model, classNames } = base;
log(formatConfusionMatrix(base.test.confusion, classNames));
const evaluator = new Trainer({ model });
const accuracyOn = async (ds) => +(await evaluator.evaluate(ds)).accuracy.toFixed(4);

const real = {};
for (const set of ['four-shapes', 'hand-drawn']) {
  const root = join(values.realdata, set);
  if (!existsSync(root)) {
    real[set] = `not found: ${root}`;
    continue;
  }
  // Only the classes the set has: with --shapes, a set may hold none of them.
  const known = await readImagesOf(root, classNames).catch((error) => error.message);
  real[set] =
    typeof known === 'string' ? known : { images: known.shape[0], accuracy: await accuracyOn(known) };
}

// Calibration images: known classes, another seed than training and test.
const val = createDataset({ shapes: classNames, perClass: 300, seed: seedOf(seed, 'validation') });
const summary = (m) => ({
  method: m.method,
  auroc: +m.auroc.toFixed(4),
  knownAccuracy: +m.knownAccuracy.toFixed(4),
  knownAccuracyWithRule: +m.knownAccuracyWithRule.toFixed(4),
  unknownFlagged: +m.unknownFlagged.toFixed(4),
  perUnknownClass: m.perUnknownClass.map((c) => ({
    ...c,
    auroc: +c.auroc.toFixed(4),
    flagged: +c.flagged.toFixed(4),
  })),
});
const openSet = (unknownShapes) =>
  measureOpenSet({
    model,
    val,
    test: base.testSet,
    unknown: createDataset({ shapes: unknownShapes, perClass: 500, seed: seedOf(seed, 'unknown') }),
  });
// The unknowns: whichever of the story's six shapes the model was not trained on.
const unknown = openSet(
  ['circle', 'square', 'triangle', 'star', 'pentagon', 'hexagon'].filter((s) => !classNames.includes(s)),
);
const realStars = join(values.realdata, 'four-shapes');
const openSetReal =
  existsSync(realStars) && !classNames.includes('star')
    ? measureOpenSet({
        model,
        val,
        test: base.testSet,
        unknown: await readImagesOf(realStars, ['star']),
      }).map((m) => ({
        method: m.method,
        realStarsFlagged: +m.unknownFlagged.toFixed(4),
        auroc: +m.auroc.toFixed(4),
      }))
    : 'four-shapes not found';

if (values.save) {
  const metadata = createMetadata(model, {
    classNames,
    architecture: 'default',
    // The rule that separated best here, saved with the model so `predict` can answer "unknown" out of the box.
    openSet: unknown.find((m) => m.method === 'softmax').rule,
    provenance: { createdAt: new Date().toISOString(), notes: `bench/base.mjs --seed ${seed}` },
  });
  await saveModelToDir(model, values.save, metadata, { overwrite: true });
  log(`saved to ${values.save}`);
}
console.log(
  JSON.stringify({
    backend: describeBackend(report),
    trainSeconds: +base.trainSeconds.toFixed(1),
    syntheticTest: {
      images: base.testSet.shape[0],
      accuracy: +base.test.accuracy.toFixed(4),
      confusion: base.test.confusion,
    },
    real,
    openSet: {
      unknown: unknown.map(summary),
      nearMisses: openSet(['octagon', 'ellipse', 'rectangle', 'diamond']).map(summary),
      realStars: openSetReal,
    },
    history: base.history.map((h) => ({
      ...h,
      loss: +h.loss.toFixed(4),
      accuracy: +h.accuracy.toFixed(4),
    })),
  }),
);
