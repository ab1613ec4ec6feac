import { createBenchCnn, createDefaultCnn, createSeedCnn } from '@shapes/models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { BenchArch } from './options.js';

/** A network to time, with what its random batches look like. */
export interface BenchNet {
  model: tfl.LayersModel;
  /** `[height, width, channels]` of one input. */
  input: [number, number, number];
  classes: number;
}

/** Classes of the default and seed CNNs when benched: the base set, circle, square and triangle. */
export const BENCH_CLASSES = 3;

/** The network `--arch` names, compiled for training (Adam 1e-3, sparse categorical cross-entropy). */
export function createBenchNet(arch: BenchArch): BenchNet {
  const model =
    arch === 'bench-cnn'
      ? createBenchCnn({ seed: 1 })
      : arch === 'seed'
        ? createSeedCnn({ classes: BENCH_CLASSES, seed: 1 })
        : createDefaultCnn({ classes: BENCH_CLASSES, seed: 1 });
  compileForBench(model);
  return { model, ...inputAndClasses(model) };
}

/** Compiles `model` as every bench trains: Adam 1e-3, sparse categorical cross-entropy. */
export function compileForBench(model: tfl.LayersModel): void {
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
}

/** The input `[h, w, c]` and class count of a model with one `[null, h, w, c]` input and one `[null, n]` output. */
export function inputAndClasses(model: tfl.LayersModel): Pick<BenchNet, 'input' | 'classes'> {
  const inShape = model.inputs[0]?.shape ?? [];
  const outShape = model.outputs[0]?.shape ?? [];
  const [, h, w, c] = inShape;
  const classes = outShape[1];
  if (inShape.length !== 4 || !h || !w || !c || outShape.length !== 2 || !classes) {
    throw new Error(
      `expected a model with [null, height, width, channels] inputs and [null, classes] outputs, got ${JSON.stringify(inShape)} -> ${JSON.stringify(outShape)}`,
    );
  }
  return { input: [h, w, c], classes };
}

/** A fixed random batch: images in [0, 1) and labels cycling through the classes (speed does not depend on them). */
export function randomBatch(
  net: Pick<BenchNet, 'input' | 'classes'>,
  batch: number,
): { x: tf.Tensor4D; y: tf.Tensor1D } {
  const x = tf.randomUniform([batch, ...net.input], 0, 1, 'float32', 1) as tf.Tensor4D;
  const y = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % net.classes),
    'float32',
  );
  return { x, y };
}
