// Shared by the tests only (never exported): a tiny model and dataset that train in well under a second an epoch
// on the cpu backend.
import { createDataset, type Dataset, Rng, split } from '@shapes/data';
import * as tfl from '@tensorflow/tfjs-layers';
import { cosineDecay } from './lr-schedule.js';
import { Trainer } from './trainer.js';

/** Circles, squares and triangles at 16x16, split 70/15/15. */
export function tinyData(perClass = 60, seed = 1): { train: Dataset; val: Dataset; test: Dataset } {
  // Filled shapes only: an easy task, so a few epochs of a tiny model show clear learning.
  const ds = createDataset({
    shapes: ['circle', 'square', 'triangle'],
    perClass,
    size: 16,
    seed,
    styles: ['filled'],
  });
  return split(ds, { train: 0.7, val: 0.15, test: 0.15, seed });
}

/**
 * An easy task for the dense model: class k is a bright band across rows 5k..5k+4 of a 16x16 noisy image (band
 * height, brightness and noise vary per image), split 70/15/15.
 */
export function easyData(perClass = 40, seed = 1): { train: Dataset; val: Dataset; test: Dataset } {
  const rng = new Rng(seed);
  const n = perClass * 3;
  const images = new Uint8Array(n * 256);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    labels[i] = label;
    const top = label * 5 + rng.int(0, 2);
    const bright = rng.int(150, 256);
    for (let p = 0; p < 256; p++) {
      const row = Math.floor(p / 16);
      images[i * 256 + p] = row >= top && row < top + 4 ? bright - rng.int(0, 40) : rng.int(0, 70);
    }
  }
  const ds: Dataset = {
    images,
    labels,
    classNames: ['top', 'middle', 'bottom'],
    shape: [n, 16, 16, 1],
    meta: { source: 'generator', seed },
  };
  return split(ds, { train: 0.7, val: 0.15, test: 0.15, seed });
}

/** flatten, dense 16 relu, dropout, dense softmax; every initializer seeded. Fast: no convolution to backprop. */
export function denseModel(seed = 1, classes = 3): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ name: 'block1_flatten', inputShape: [16, 16, 1] }),
      tfl.layers.dense({
        name: 'embedding',
        units: 16,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.dropout({ name: 'head_dropout', rate: 0.2 }),
      tfl.layers.dense({
        name: 'head_output',
        units: classes,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
}

/** conv 4 3x3, max pool, flatten, dropout, dense softmax; every initializer seeded. */
export function tinyModel(seed = 1, classes = 3): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        name: 'block1_conv',
        inputShape: [16, 16, 1],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed }),
      }),
      tfl.layers.maxPooling2d({ name: 'block1_pool', poolSize: 2 }),
      tfl.layers.flatten({ name: 'embedding' }),
      tfl.layers.dropout({ name: 'head_dropout', rate: 0.2 }),
      tfl.layers.dense({
        name: 'head_output',
        units: classes,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }),
      }),
    ],
  });
}

/** Every weight's values, copied out. */
export function weightValues(model: tfl.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

/** The run that the checkpoint test kills in a child process and then resumes. */
export const KILLED_RUN = { perClass: 30, dataSeed: 2, modelSeed: 1, epochs: 4 } as const;

/** The trainer of {@link KILLED_RUN}: built the same way by the child, the resumed run and the reference run. */
export function killedRunTrainer(model: tfl.LayersModel): Trainer {
  return new Trainer({
    model,
    seed: 5,
    batchSize: 16,
    learningRate: cosineDecay({ initial: 1e-2, epochs: KILLED_RUN.epochs, final: 1e-3 }),
  });
}
