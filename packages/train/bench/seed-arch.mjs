#!/usr/bin/env node
// The original demo's CNN (`createSeedCnn`: 256x256x3, two conv blocks, a 33.5-million-weight dense layer) end
// to end on the fastest backend here: trained on circle, square and triangle of the `seed` preset and tested on
// held-out seed-preset images of another seed; then transferred (features frozen, fresh head) to star, pentagon
// and hexagon from a few images per class and tested the same way; then its training and inference samples/s
// on fixed random batches, side by side with the same net in PyTorch (bench/peer_seed_torch.py, Debian's
// python3-torch, 2 threads) when that is installed. Prints one JSON document on stdout, progress on stderr.
// Usage (after a build): node packages/train/bench/seed-arch.mjs [--per-class 40] [--epochs 2] [--batch 16]
//   [--test-per-class 20] [--shots 5] [--transfer-epochs 3] [--steps 2] [--learning-rate 1e-3] [--seed 1]
//   [--no-peer] [--smoke]
// The defaults take about 3.5 minutes on 2 cores (a training step of batch 16 takes over 10 s here); --smoke
// shrinks everything (4 images per class, 1 epoch, batch 4, 1 timed step) to prove the whole path in CI.
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { seedOf } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import { createSeedCnn, transfer } from '@shapes/models';
import { describeBackend, selectBackend } from '@shapes/runtime';
import * as tf from '@tensorflow/tfjs';
import { progressLog, Trainer } from '../dist/index.js';

const { values } = parseArgs({
  options: {
    'per-class': { type: 'string' },
    epochs: { type: 'string' },
    batch: { type: 'string' },
    'test-per-class': { type: 'string' },
    shots: { type: 'string' },
    'transfer-epochs': { type: 'string' },
    steps: { type: 'string' },
    'learning-rate': { type: 'string' },
    seed: { type: 'string' },
    'no-peer': { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
  },
});
// An option given on the command line wins; otherwise the full run's default, or the smoke run's.
const option = (name, full, smoke) => Number(values[name] ?? (values.smoke ? smoke : full));
const perClass = option('per-class', 40, 4);
const epochs = option('epochs', 2, 1);
const batch = option('batch', 16, 4);
const testPerClass = option('test-per-class', 20, 4);
const shots = option('shots', 5, 2);
const transferEpochs = option('transfer-epochs', 3, 1);
const steps = option('steps', 2, 1);
const learningRate = option('learning-rate', 1e-3, 1e-3);
const seed = option('seed', 1, 1);
const WARMUP = 1;

const BASE_SHAPES = ['circle', 'square', 'triangle'];
const NEW_SHAPES = ['star', 'pentagon', 'hexagon'];
const here = dirname(fileURLToPath(import.meta.url));
const log = (line) => process.stderr.write(`${line}\n`);
const round = (x, digits = 2) => +x.toFixed(digits);
const seconds = (t0) => (performance.now() - t0) / 1000;
const seedSet = (shapes, n, s) => createDatasetParallel({ shapes, perClass: n, preset: 'seed', seed: s });

const report = await selectBackend();
log(describeBackend(report));
const tensorsAtStart = tf.memory().numTensors;

// 1. Train the seed CNN on the seed preset and test it on images of another seed.
log(`seed preset: ${perClass} train + ${testPerClass} test images per class of ${BASE_SHAPES.join(', ')}`);
let t0 = performance.now();
const train = await seedSet(BASE_SHAPES, perClass, seed);
const test = await seedSet(BASE_SHAPES, testPerClass, seedOf(seed, 'test'));
const dataSeconds = seconds(t0);
const base = createSeedCnn({ classes: BASE_SHAPES.length, seed });
const trainer = new Trainer({ model: base, seed, learningRate, batchSize: batch });
t0 = performance.now();
const fitted = await trainer.fit(train, {
  epochs,
  callbacks: [progressLog({ write: log, everySeconds: 15 })],
});
const trainSeconds = seconds(t0);
const tested = await trainer.test(test);
trainer.dispose();
const trainResult = {
  images: train.shape[0],
  epochs,
  batch,
  learningRate,
  seconds: round(trainSeconds, 1),
  samplesPerSecond: round((train.shape[0] * epochs) / trainSeconds),
  trainAccuracy: round(fitted.history.at(-1).accuracy, 4),
  testImages: test.shape[0],
  testAccuracy: round(tested.accuracy, 4),
  dataSeconds: round(dataSeconds, 1),
};
log(
  `seed CNN: test accuracy ${trainResult.testAccuracy} (${trainResult.samplesPerSecond} samples/s training)`,
);

// 2. Transfer to three new shapes from a few images each: features frozen, only the fresh head trains.
const model = transfer(base, { classes: NEW_SHAPES.length, freeze: 'features' });
base.dispose(); // the transferred model holds its own references to the feature weights
// The new shapes' examples and test images: streams no other set of this run draws from.
const fewShot = await seedSet(NEW_SHAPES, shots, seedOf(seed, 'validation'));
const newTest = await seedSet(NEW_SHAPES, testPerClass, seedOf(seed, 'unknown'));
const headTrainer = new Trainer({ model, seed, learningRate, batchSize: batch });
t0 = performance.now();
await headTrainer.fit(fewShot, { epochs: transferEpochs });
const transferSeconds = seconds(t0);
const transferTested = await headTrainer.test(newTest);
headTrainer.dispose();
model.dispose();
const transferResult = {
  classes: NEW_SHAPES,
  freeze: 'features',
  shots,
  images: fewShot.shape[0],
  epochs: transferEpochs,
  seconds: round(transferSeconds, 1),
  samplesPerSecond: round((fewShot.shape[0] * transferEpochs) / transferSeconds),
  testImages: newTest.shape[0],
  testAccuracy: round(transferTested.accuracy, 4),
};
log(`transfer: test accuracy ${transferResult.testAccuracy} from ${shots} images per class`);

// 3. Like for like with PyTorch: fixed random batches, WARMUP steps, then `steps` timed steps of our Trainer
// (Adam, cross-entropy; dropout on) and of a forward pass with dropout off.
async function ourSpeed() {
  const net = createSeedCnn({ classes: BASE_SHAPES.length, seed });
  const n = (WARMUP + steps) * batch;
  const per = 256 * 256 * 3;
  // One random batch repeated: the cost of a step does not depend on the pixels.
  const images = new Float32Array(n * per);
  let state = seed >>> 0 || 1;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = 0; i < batch * per; i++) images[i] = rand();
  for (let b = 1; b < WARMUP + steps; b++) images.copyWithin(b * batch * per, 0, batch * per);
  const labels = Int32Array.from({ length: n }, (_, i) => i % BASE_SHAPES.length);
  // Repeated images within one set are fine: the Trainer refuses overlap only between sets.
  const random = {
    images,
    labels,
    classNames: BASE_SHAPES,
    shape: [n, 256, 256, 3],
    meta: { source: 'generator' },
  };
  const timing = new Trainer({ model: net, seed, learningRate, batchSize: batch });
  const ends = [];
  await timing.fit(random, {
    epochs: 1,
    callbacks: [{ onBatchEnd: () => void ends.push(performance.now()) }],
  });
  timing.dispose();
  const train = (steps * batch) / ((ends.at(-1) - ends[WARMUP - 1]) / 1000);

  const x = tf.tensor4d(images.subarray(0, batch * per), [batch, 256, 256, 3]);
  const forward = async () => {
    const p = net.predict(x);
    await p.data();
    p.dispose();
  };
  for (let i = 0; i < WARMUP; i++) await forward();
  const f0 = performance.now();
  for (let i = 0; i < steps; i++) await forward();
  const infer = (steps * batch) / seconds(f0);
  x.dispose();
  net.dispose();
  return { trainSamplesPerSecond: round(train), inferSamplesPerSecond: round(infer) };
}

function peer() {
  const args = [join(here, 'peer_seed_torch.py'), '--threads', '2', '--batch', String(batch)];
  args.push('--classes', String(BASE_SHAPES.length), '--warmup', String(WARMUP), '--steps', String(steps));
  for (const python of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(python, args, { encoding: 'utf8' });
    if (r.status === 0) return { ...JSON.parse(r.stdout.trim().split('\n').at(-1)), python };
  }
  return 'not installed';
}

log(`speed: ${WARMUP} warm-up + ${steps} timed steps of batch ${batch}, ours then PyTorch`);
const ours = await ourSpeed();
const leaked = tf.memory().numTensors - tensorsAtStart;
if (leaked) log(`warning: ${leaked} tensors left over`);
const pytorch = values['no-peer'] ? 'not run (--no-peer)' : peer();
const ratio = (a, b) => (a && b ? round(a / b) : null);

console.log(
  JSON.stringify(
    {
      machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version },
      backend: describeBackend(report),
      net: 'seed CNN (createSeedCnn)',
      smoke: values.smoke,
      train: trainResult,
      transfer: transferResult,
      speed: {
        batch,
        warmupSteps: WARMUP,
        timedSteps: steps,
        ours,
        pytorch,
        ratio:
          typeof pytorch === 'object'
            ? {
                train: ratio(ours.trainSamplesPerSecond, pytorch.trainSamplesPerSecond),
                infer: ratio(ours.inferSamplesPerSecond, pytorch.inferSamplesPerSecond),
              }
            : null,
      },
      tensorsLeaked: leaked,
    },
    null,
    2,
  ),
);
