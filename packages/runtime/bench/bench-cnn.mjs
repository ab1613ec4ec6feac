// The issue's `bench-cnn`, shared by the benchmark and the profiler.
import * as tf from '@tensorflow/tfjs';

/** input 64x64x1; conv 16, 32, 64 (3x3 same, relu) with 2x2 max pools between; global average pool; dense 64; dense 5. */
export function benchCnn() {
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
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 5, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  return model;
}

/** A random batch: images in [0, 1) and labels 0-4. */
export function randomBatch(batch) {
  const x = tf.randomUniform([batch, 64, 64, 1]);
  const y = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 5),
    'float32',
  );
  return { x, y };
}
