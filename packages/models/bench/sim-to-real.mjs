#!/usr/bin/env node
// A first measurement of the base model and of transfer, ahead of @shapes/train (issue 4), on the wasm backend:
// 1. the default CNN trained on the `default` preset (circle, square, triangle), tested on held-out synthetic
//    images and on the real sets in ../shared/realdata (never trained on);
// 2. transfer to star, pentagon, hexagon from a few examples per class (frozen features and a new head, then
//    the last block too at a lower rate) against the same network trained from scratch on the same examples,
//    all tested on held-out synthetic images.
// Prints JSON. Usage (after a build): node bench/sim-to-real.mjs [--per-class 3000] [--epochs 6] [--shots 20]
// [--transfer-epochs 40]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDataset } from '@shapes/data';
import { readImageFolder } from '@shapes/data/node';
import { describeBackend, selectBackend } from '@shapes/runtime';
import * as tf from '@tensorflow/tfjs';
import { createDefaultCnn, setFrozen, transfer } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    'per-class': { type: 'string', default: '3000' },
    epochs: { type: 'string', default: '6' },
    shots: { type: 'string', default: '20' },
    'transfer-epochs': { type: 'string', default: '40' },
    // ../shared/realdata beside the repository's root.
    realdata: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/realdata'),
    },
  },
});
const report = await selectBackend({ backend: 'wasm' });
process.stderr.write(`${describeBackend(report)}\n`);
const log = (text) => process.stderr.write(`${text}\n`);
const x = (ds) => tf.tensor4d(ds.images, ds.shape);
const y = (ds) => tf.tensor1d(ds.labels, 'float32');
const compile = (model, rate) =>
  model.compile({ optimizer: tf.train.adam(rate), loss: 'sparseCategoricalCrossentropy' });

async function trainFor(model, ds, epochs, batchSize) {
  const t0 = performance.now();
  await model.fit(x(ds), y(ds), { epochs, batchSize, shuffle: true, verbose: 0 });
  return +((performance.now() - t0) / 1000).toFixed(1);
}

function accuracy(model, images, labels, n) {
  const predicted = tf.tidy(() =>
    model
      .predict(tf.tensor4d(images, [n, 64, 64, 1]))
      .argMax(1)
      .dataSync(),
  );
  let right = 0;
  for (let i = 0; i < n; i++) right += predicted[i] === labels[i] ? 1 : 0;
  return +(right / n).toFixed(4);
}

// Only the classes the model knows: four-shapes also holds stars.
async function real(model, shapes, set) {
  const folder = await readImageFolder(join(values.realdata, set), {
    size: 64,
    channels: 1,
    pixelType: 'float32',
  });
  const px = 64 * 64;
  const keep = [];
  for (let i = 0; i < folder.labels.length; i++) {
    if (shapes.includes(folder.classNames[folder.labels[i]])) keep.push(i);
  }
  const images = new Float32Array(keep.length * px);
  const labels = new Int32Array(keep.length);
  keep.forEach((i, j) => {
    images.set(folder.images.subarray(i * px, (i + 1) * px), j * px);
    labels[j] = shapes.indexOf(folder.classNames[folder.labels[i]]);
  });
  return { images: keep.length, accuracy: accuracy(model, images, labels, keep.length) };
}

// 1. The base.
const known = ['circle', 'square', 'triangle'];
const train = createDataset({
  shapes: known,
  perClass: Number(values['per-class']),
  seed: 1,
  pixelType: 'float32',
});
const test = createDataset({ shapes: known, perClass: 200, seed: 999, pixelType: 'float32' });
const base = createDefaultCnn({ classes: known.length });
compile(base, 2e-3);
log('training the base...');
const baseSeconds = await trainFor(base, train, Number(values.epochs), 32);

// 2. Transfer against scratch, the same few examples each (seeds differ from every set above).
const novel = ['star', 'pentagon', 'hexagon'];
const shots = Number(values.shots);
const few = createDataset({ shapes: novel, perClass: shots, seed: 7, pixelType: 'float32' });
const novelTest = createDataset({ shapes: novel, perClass: 200, seed: 998, pixelType: 'float32' });
const epochsFew = Number(values['transfer-epochs']);
const transferred = transfer(base, { classes: novel.length });
compile(transferred, 3e-3);
log('transfer...');
const transferSeconds = await trainFor(transferred, few, epochsFew, 16);
const transferredAccuracy = accuracy(transferred, novelTest.images, novelTest.labels, novelTest.shape[0]);
// Phase 2: the last block too, at a tenth of the rate.
setFrozen(transferred, 'all-but-last-block');
compile(transferred, 3e-4);
log('fine-tuning...');
const fineTuneSeconds = await trainFor(transferred, few, epochsFew, 16);
const scratch = createDefaultCnn({ classes: novel.length });
compile(scratch, 3e-3);
log('scratch...');
const scratchSeconds = await trainFor(scratch, few, epochsFew, 16);

console.log(
  JSON.stringify(
    {
      backend: report.backend,
      base: {
        classes: known,
        trainImages: train.shape[0],
        epochs: Number(values.epochs),
        trainSeconds: baseSeconds,
        syntheticTestAccuracy: accuracy(base, test.images, test.labels, test.shape[0]),
        realdata: {
          'four-shapes': await real(base, known, 'four-shapes'),
          'hand-drawn': await real(base, known, 'hand-drawn'),
        },
      },
      transfer: {
        classes: novel,
        examplesPerClass: shots,
        epochs: epochsFew,
        headOnly: { trainSeconds: transferSeconds, testAccuracy: transferredAccuracy },
        thenLastBlock: {
          trainSeconds: +(transferSeconds + fineTuneSeconds).toFixed(1),
          testAccuracy: accuracy(transferred, novelTest.images, novelTest.labels, novelTest.shape[0]),
        },
        fromScratch: {
          trainSeconds: scratchSeconds,
          testAccuracy: accuracy(scratch, novelTest.images, novelTest.labels, novelTest.shape[0]),
        },
      },
    },
    null,
    2,
  ),
);
