import { type Dataset, seedOf } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import { createSeedCnn, transfer } from '@shapes/models';
import { describeBackend, selectBackend } from '@shapes/runtime';
import { progressLog, Trainer } from '@shapes/train';
import * as tf from '@tensorflow/tfjs-core';
import { Command } from 'commander';
import { parseNumber } from './options.js';
import { fixed, log, machine, printJson, ratioOf, secondsSince } from './output.js';
import { type PeerRun, rateOf, runPeer } from './peers.js';

/** The options as given: each one missing takes the full run's default, or the smoke run's. */
interface GivenOptions {
  perClass?: number;
  epochs?: number;
  batch?: number;
  testPerClass?: number;
  shots?: number;
  transferEpochs?: number;
  steps?: number;
  learningRate?: number;
  seed?: number;
  peer: boolean;
  smoke: boolean;
}

type Sizes = Required<Omit<GivenOptions, 'peer' | 'smoke'>>;

/** Defaults of a full run (about 3.5 minutes on 2 cores: a training step of batch 16 takes over 10 s here). */
const FULL: Sizes = {
  perClass: 40,
  epochs: 2,
  batch: 16,
  testPerClass: 20,
  shots: 5,
  transferEpochs: 3,
  steps: 2,
  learningRate: 1e-3,
  seed: 1,
};
/** Defaults of `--smoke`: everything shrunk, to prove the whole path in CI. */
const SMOKE: Sizes = {
  perClass: 4,
  epochs: 1,
  batch: 4,
  testPerClass: 4,
  shots: 2,
  transferEpochs: 1,
  steps: 1,
  learningRate: 1e-3,
  seed: 1,
};
const WARMUP = 1;
const BASE_SHAPES = ['circle', 'square', 'triangle'];
const NEW_SHAPES = ['star', 'pentagon', 'hexagon'];
const SIDE = 256;

/** Each size as given on the command line, else the full run's default, or the smoke run's with `--smoke`. */
export function resolveSizes(given: GivenOptions): Sizes {
  const defaults = given.smoke ? SMOKE : FULL;
  const keys = Object.keys(defaults) as (keyof Sizes)[];
  return Object.fromEntries(keys.map((k) => [k, given[k] ?? defaults[k]])) as Sizes;
}

/**
 * `n` images of one random batch repeated (the cost of a step does not depend on the pixels), in [0, 1) from a
 * seeded LCG so that every run times the same numbers.
 */
export function repeatedRandomBatch(batch: number, n: number, perImage: number, seed: number): Float32Array {
  const images = new Float32Array(n * perImage);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < batch * perImage; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    images[i] = state / 2 ** 32;
  }
  for (let b = batch; b < n; b += batch)
    images.copyWithin(b * perImage, 0, Math.min(batch, n - b) * perImage);
  return images;
}

/** The PyTorch peer's line as this benchmark has always reported it (rates per second, spelled out). */
export function pytorchFields(run: PeerRun) {
  return {
    peer: run.peer,
    torchVersion: run.torchVersion,
    threads: run.threads,
    batch: run.batch,
    steps: run.steps,
    trainSamplesPerSecond: rateOf(run, 'trainSamplesPerSec'),
    inferSamplesPerSecond: rateOf(run, 'inferSamplesPerSec'),
    python: run.python,
  };
}

const seedSet = (shapes: string[], n: number, seed: number) =>
  createDatasetParallel({ shapes, perClass: n, preset: 'seed', seed });

/**
 * Like for like with PyTorch: fixed random batches, WARMUP steps, then `steps` timed steps of our Trainer
 * (Adam, cross-entropy; dropout on) and of a forward pass with dropout off.
 */
async function ourSpeed({ batch, steps, seed, learningRate }: Sizes) {
  const net = createSeedCnn({ classes: BASE_SHAPES.length, seed });
  const n = (WARMUP + steps) * batch;
  const per = SIDE * SIDE * 3;
  const images = repeatedRandomBatch(batch, n, per, seed);
  const labels = Int32Array.from({ length: n }, (_, i) => i % BASE_SHAPES.length);
  // Repeated images within one set are fine: the Trainer refuses overlap only between sets.
  const random: Dataset = {
    images,
    labels,
    classNames: BASE_SHAPES,
    shape: [n, SIDE, SIDE, 3],
    meta: { source: 'generator' },
  } as Dataset;
  const timing = new Trainer({ model: net, seed, learningRate, batchSize: batch });
  const ends: number[] = [];
  await timing.fit(random, {
    epochs: 1,
    callbacks: [{ onBatchEnd: () => void ends.push(performance.now()) }],
  });
  timing.dispose();
  const train = (steps * batch) / (((ends.at(-1) ?? 0) - (ends[WARMUP - 1] ?? 0)) / 1000);

  const x = tf.tensor4d(images.subarray(0, batch * per), [batch, SIDE, SIDE, 3]);
  const forward = async () => {
    const p = net.predict(x) as tf.Tensor;
    await p.data();
    p.dispose();
  };
  for (let i = 0; i < WARMUP; i++) await forward();
  const f0 = performance.now();
  for (let i = 0; i < steps; i++) await forward();
  const infer = (steps * batch) / secondsSince(f0);
  x.dispose();
  net.dispose();
  return { trainSamplesPerSecond: fixed(train, 2), inferSamplesPerSecond: fixed(infer, 2) };
}

/**
 * The original demo's CNN end to end on the fastest backend here: trained on circle, square and triangle of the
 * `seed` preset and tested on held-out images of another seed; transferred (features frozen, fresh head) to
 * star, pentagon and hexagon from a few images per class; then its training and inference samples/s beside the
 * same net in PyTorch.
 */
async function run(given: GivenOptions): Promise<void> {
  const o = resolveSizes(given);
  const { batch, seed, learningRate, steps } = o;
  const report = await selectBackend();
  log(describeBackend(report));
  const tensorsAtStart = tf.memory().numTensors;

  // 1. Train the seed CNN on the seed preset and test it on images of another seed.
  log(
    `seed preset: ${o.perClass} train + ${o.testPerClass} test images per class of ${BASE_SHAPES.join(', ')}`,
  );
  let t0 = performance.now();
  const train = await seedSet(BASE_SHAPES, o.perClass, seed);
  const test = await seedSet(BASE_SHAPES, o.testPerClass, seedOf(seed, 'test'));
  const dataSeconds = secondsSince(t0);
  const base = createSeedCnn({ classes: BASE_SHAPES.length, seed });
  const trainer = new Trainer({ model: base, seed, learningRate, batchSize: batch });
  t0 = performance.now();
  const fitted = await trainer.fit(train, {
    epochs: o.epochs,
    callbacks: [progressLog({ write: log, everySeconds: 15 })],
  });
  const trainSeconds = secondsSince(t0);
  const tested = await trainer.test(test);
  trainer.dispose();
  const trainResult = {
    images: train.shape[0],
    epochs: o.epochs,
    batch,
    learningRate,
    seconds: fixed(trainSeconds, 1),
    samplesPerSecond: fixed((train.shape[0] * o.epochs) / trainSeconds, 2),
    trainAccuracy: fixed(fitted.history.at(-1)?.accuracy ?? Number.NaN, 4),
    testImages: test.shape[0],
    testAccuracy: fixed(tested.accuracy, 4),
    dataSeconds: fixed(dataSeconds, 1),
  };
  log(
    `seed CNN: test accuracy ${trainResult.testAccuracy} (${trainResult.samplesPerSecond} samples/s training)`,
  );

  // 2. Transfer to three new shapes from a few images each: features frozen, only the fresh head trains.
  const model = transfer(base, { classes: NEW_SHAPES.length, freeze: 'features' });
  base.dispose(); // the transferred model holds its own references to the feature weights
  // The new shapes' examples and test images: streams no other set of this run draws from.
  const fewShot = await seedSet(NEW_SHAPES, o.shots, seedOf(seed, 'validation'));
  const newTest = await seedSet(NEW_SHAPES, o.testPerClass, seedOf(seed, 'unknown'));
  const headTrainer = new Trainer({ model, seed, learningRate, batchSize: batch });
  t0 = performance.now();
  await headTrainer.fit(fewShot, { epochs: o.transferEpochs });
  const transferSeconds = secondsSince(t0);
  const transferTested = await headTrainer.test(newTest);
  headTrainer.dispose();
  model.dispose();
  const transferResult = {
    classes: NEW_SHAPES,
    freeze: 'features',
    shots: o.shots,
    images: fewShot.shape[0],
    epochs: o.transferEpochs,
    seconds: fixed(transferSeconds, 1),
    samplesPerSecond: fixed((fewShot.shape[0] * o.transferEpochs) / transferSeconds, 2),
    testImages: newTest.shape[0],
    testAccuracy: fixed(transferTested.accuracy, 4),
  };
  log(`transfer: test accuracy ${transferResult.testAccuracy} from ${o.shots} images per class`);

  // 3. Speed, ours then PyTorch's.
  log(`speed: ${WARMUP} warm-up + ${steps} timed steps of batch ${batch}, ours then PyTorch`);
  const ours = await ourSpeed(o);
  const leaked = tf.memory().numTensors - tensorsAtStart;
  if (leaked) log(`warning: ${leaked} tensors left over`);
  let pytorch: ReturnType<typeof pytorchFields> | string = 'not run (--no-peer)';
  if (given.peer) {
    const args = ['--arch', 'seed', '--threads', '2', '--batch', String(batch), '--classes', '3'];
    const peer = runPeer('torch_peer.py', [...args, '--warmup', String(WARMUP), '--steps', String(steps)]);
    pytorch = peer ? pytorchFields(peer) : 'not installed';
  }
  printJson(
    {
      machine: machine(),
      backend: describeBackend(report),
      net: 'seed CNN (createSeedCnn)',
      smoke: given.smoke,
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
                train: ratioOf(ours.trainSamplesPerSecond, pytorch.trainSamplesPerSecond),
                infer: ratioOf(ours.inferSamplesPerSecond, pytorch.inferSamplesPerSecond),
              }
            : null,
      },
      tensorsLeaked: leaked,
    },
    true,
  );
}

export const seedArch = new Command('seed-arch')
  .description(
    "The original demo's CNN end to end (train, test, transfer from a few images), then its speed beside the same net in PyTorch",
  )
  .option(
    '--per-class <n>',
    `training images per class (default: ${FULL.perClass}; smoke ${SMOKE.perClass})`,
    parseNumber,
  )
  .option('--epochs <n>', `epochs (default: ${FULL.epochs}; smoke ${SMOKE.epochs})`, parseNumber)
  .option('--batch <n>', `batch size (default: ${FULL.batch}; smoke ${SMOKE.batch})`, parseNumber)
  .option('--test-per-class <n>', `test images per class (default: ${FULL.testPerClass})`, parseNumber)
  .option(
    '--shots <n>',
    `transfer images per class (default: ${FULL.shots}; smoke ${SMOKE.shots})`,
    parseNumber,
  )
  .option('--transfer-epochs <n>', `epochs of the transfer (default: ${FULL.transferEpochs})`, parseNumber)
  .option(
    '--steps <n>',
    `timed steps of the speed test (default: ${FULL.steps}; smoke ${SMOKE.steps})`,
    parseNumber,
  )
  .option('--learning-rate <r>', `learning rate (default: ${FULL.learningRate})`, parseNumber)
  .option('--seed <n>', `seed (default: ${FULL.seed})`, parseNumber)
  .option('--no-peer', 'skip the PyTorch peer (torch_peer.py --arch seed, python3-torch, 2 threads)')
  .option(
    '--smoke',
    'shrink everything (4 images per class, 1 epoch, batch 4, 1 timed step) to prove the path in CI',
    false,
  )
  .action((o: GivenOptions) => run(o));
