#!/usr/bin/env node
// A first sim-to-real measurement, ahead of @shapes/models and @shapes/train (issue 4): a small CNN trained on
// the `default` preset only (circle, square, triangle) on the wasm backend, tested on a held-out synthetic set and
// on the real sets in ../shared/realdata (never trained on). Prints JSON.
// Usage (after a build): node bench/sim-to-real.mjs [--per-class 3000] [--epochs 6] [--realdata DIR]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createDataset } from '@shapes/data';
import { readImageFolder } from '@shapes/data/node';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, selectBackend } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    'per-class': { type: 'string', default: '3000' },
    epochs: { type: 'string', default: '6' },
    // ../shared/realdata beside the repository's root.
    realdata: {
      type: 'string',
      default: join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/realdata'),
    },
  },
});
const shapes = ['circle', 'square', 'triangle'];
const report = await selectBackend({ backend: 'wasm' });
process.stderr.write(`${describeBackend(report)}\n`);

const train = createDataset({ shapes, perClass: Number(values['per-class']), seed: 1, pixelType: 'float32' });
const test = createDataset({ shapes, perClass: 200, seed: 999, pixelType: 'float32' });
const model = tf.sequential({
  layers: [
    tf.layers.conv2d({
      inputShape: [64, 64, 1],
      filters: 16,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
    }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 64, activation: 'relu' }),
    tf.layers.dense({ units: shapes.length, activation: 'softmax' }),
  ],
});
model.compile({ optimizer: tf.train.adam(2e-3), loss: 'sparseCategoricalCrossentropy' });
const t0 = performance.now();
await model.fit(tf.tensor4d(train.images, train.shape), tf.tensor1d(train.labels, 'float32'), {
  epochs: Number(values.epochs),
  batchSize: 32,
  shuffle: true,
  verbose: 0,
  callbacks: {
    onEpochEnd: (epoch, logs) => process.stderr.write(`epoch ${epoch + 1}: loss ${logs.loss.toFixed(4)}\n`),
  },
});
const seconds = (performance.now() - t0) / 1000;

function accuracy(images, labels, n) {
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
async function real(set) {
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
  return { images: keep.length, accuracy: accuracy(images, labels, keep.length) };
}

console.log(
  JSON.stringify(
    {
      backend: report.backend,
      trainImages: train.shape[0],
      epochs: Number(values.epochs),
      trainSeconds: +seconds.toFixed(1),
      syntheticTestAccuracy: accuracy(test.images, test.labels, test.shape[0]),
      realdata: { 'four-shapes': await real('four-shapes'), 'hand-drawn': await real('hand-drawn') },
    },
    null,
    2,
  ),
);
