#!/usr/bin/env node
// What the base's features owe to each choice, measured by the transfer they allow: trains one variant of
// bench/base.mjs's base (circle, square, triangle, with random outliers as "none of these"), then reports its
// held-out synthetic accuracy, its accuracy on the real sets (never trained on), and the transfer to star,
// pentagon and hexagon from 20 examples per class (3 seeds; the same examples and test set as
// bench/transfer.mjs). Prints JSON.
//   --outliers N     outlier images in the base's training set (base.mjs: as many as --per-class)
//   --per-class N    base images per class (default 2000)
//   --fit            the base frames its images too (frameInk of @shapes/data: the ink centred and scaled to
//                    fill 80% of the frame, as MNIST centres its digits), in training, testing and on the real sets
//   --unframed-transfer  the transfer does not frame its images (fineTune's frame: false)
//   --polygons P     share of the outliers that are irregular polygons (outlierDataset's own mix: 0.2), the
//                    rest of outlierDataset's five families
//   --smoke          a run of seconds that checks the script works (CI): tiny sets, 1 epoch, 1 transfer seed
// Usage (after a build): node bench/base-variants.mjs [--seed 1] [--fit] [--outliers N] [--per-class N] [--polygons P]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  CURVE_TEST_SEED,
  cos,
  createDataset,
  examplesSeed,
  listShapes,
  registerShape,
  seedOf,
  sin,
} from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import { argMaxRows, createDefaultCnn, modelOutputs, setPreprocessing } from '@shapes/models';
import { describeBackend, selectBackend } from '@shapes/runtime';
import { concatDatasets, cosineDecay, fineTune, outlierDataset, Trainer } from '../dist/index.js';
import { readImagesOf } from '../dist/node/index.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    fit: { type: 'boolean', default: false },
    'unframed-transfer': { type: 'boolean', default: false },
    polygons: { type: 'string' },
    outliers: { type: 'string' },
    'per-class': { type: 'string', default: '2000' },
    smoke: { type: 'boolean', default: false },
    realdata: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/realdata'),
    },
  },
});
const seed = Number(values.seed);
const smoke = values.smoke;
const perClass = smoke ? 30 : Number(values['per-class']);
const outliers = Number(values.outliers ?? perClass);
const log = (line) => process.stderr.write(`${line}\n`);
const backend = await selectBackend();
log(describeBackend(backend));

// The base, as trainBase makes it (same data, schedule and seeds), with the variant's changes.
const shapes = ['circle', 'square', 'triangle'];
const started = performance.now();
const known = await createDatasetParallel({ shapes, perClass, seed, preset: 'default' });
// outlierDataset draws its five families in equal shares; --polygons adds irregular polygons (as outliers.ts
// draws them) in place of some of the rest.
function outlierMix(n) {
  if (values.polygons === undefined) return outlierDataset(n, seedOf(seed, 'outliers'), shapes);
  const extra = Math.round(((Number(values.polygons) - 0.2) / 0.8) * n);
  if (!listShapes().includes('bench-polygon')) {
    registerShape({
      name: 'bench-polygon',
      outline: (rng) => {
        const corners = rng.int(5, 13);
        const step = (2 * Math.PI) / corners;
        const inner = rng.range(0.35, 0.8);
        const points = [];
        for (let i = 0; i < corners; i++) {
          const angle = step * (i + rng.range(-0.35, 0.35));
          const radius = rng.range(inner, 1);
          points.push(radius * cos(angle), radius * sin(angle));
        }
        return { points, smooth: false };
      },
    });
  }
  const polygons = createDataset({
    shapes: ['bench-polygon'],
    perClass: extra,
    seed: seed + 8,
    preset: 'default',
  });
  polygons.labels.fill(-1);
  return concatDatasets(outlierDataset(n - extra, seedOf(seed, 'outliers'), shapes), {
    ...polygons,
    classNames: shapes,
  });
}
const train = outliers > 0 ? concatDatasets(known, outlierMix(outliers)) : known;
const model = createDefaultCnn({ classes: shapes.length, seed });
// The Trainer and every inference then frame the base's images (see setPreprocessing).
if (values.fit) setPreprocessing(model, { scale: 'unit', frame: 'ink' });
const trainer = new Trainer({
  model,
  seed,
  batchSize: 32,
  learningRate: cosineDecay({ initial: 3e-3, epochs: smoke ? 1 : 3, warmupEpochs: smoke ? 0 : 1 }),
});
await trainer.fit(train, { epochs: smoke ? 1 : 3 });
const trainSeconds = (performance.now() - started) / 1000;
const test = await createDatasetParallel({
  shapes,
  perClass: smoke ? 10 : 500,
  seed: seedOf(seed, 'test'),
  preset: 'default',
});
const testAccuracy = (await trainer.evaluate(test)).accuracy;
const real = {};
for (const set of ['four-shapes', 'hand-drawn']) {
  const images = await readImagesOf(join(values.realdata, set), shapes).catch(() => undefined);
  if (images) real[set] = +(await trainer.evaluate(images)).accuracy.toFixed(4);
}
log(`base: ${trainSeconds.toFixed(1)} s, test ${(testAccuracy * 100).toFixed(2)}%`);

const newShapes = ['star', 'pentagon', 'hexagon'];
const newTest = createDataset({
  shapes: newShapes,
  perClass: smoke ? 10 : 300,
  seed: CURVE_TEST_SEED,
  preset: 'default',
});
const transfer = [];
for (const s of smoke ? [1] : [1, 2, 3]) {
  const examples = createDataset({
    shapes: newShapes,
    perClass: 20,
    seed: examplesSeed(s, 20),
    preset: 'default',
  });
  const { model: tuned, seconds } = await fineTune(model, examples, {
    seed: s,
    frame: !values['unframed-transfer'],
    ...(smoke ? { headSamples: 512 } : {}),
  });
  const { probabilities, classes } = modelOutputs(tuned, newTest, { tta: true });
  tuned.dispose();
  const predicted = argMaxRows(probabilities, classes);
  const accuracy = predicted.filter((c, i) => c === newTest.labels[i]).length / predicted.length;
  transfer.push({ seed: s, accuracy: +accuracy.toFixed(4), seconds: +seconds.toFixed(1) });
  log(`transfer seed ${s}: ${(accuracy * 100).toFixed(1)}%`);
}
console.log(
  JSON.stringify({
    backend: describeBackend(backend),
    variant: {
      seed,
      perClass,
      outliers,
      fit: values.fit,
      framedTransfer: !values['unframed-transfer'],
      polygons: values.polygons === undefined ? 0.2 : Number(values.polygons),
    },
    base: { trainSeconds: +trainSeconds.toFixed(1), testAccuracy: +testAccuracy.toFixed(4), real },
    transfer20: {
      mean: +(transfer.reduce((a, t) => a + t.accuracy, 0) / transfer.length).toFixed(4),
      runs: transfer,
    },
  }),
);
