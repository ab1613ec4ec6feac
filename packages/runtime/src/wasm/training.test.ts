import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, randomValues } from './test-util.js';

beforeAll(bothBackends);

// Covers every kernel this package registers: convolutions of stride 1 and 2, same and valid, 2x2 and 3x3 pools.
function smallNet(): tfl.Sequential {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [16, 16, 2],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'valid', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same' }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
  return model;
}

async function train(backend: string, weights: Float32Array[], steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const model = smallNet();
  model.setWeights(model.getWeights().map((w, i) => tf.tensor(weights[i] as Float32Array, w.shape)));
  const x = tf.tensor4d(randomValues(8 * 16 * 16 * 2, 11), [8, 16, 16, 2]);
  const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'float32');
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) losses.push((await model.trainOnBatch(x, y)) as number);
  tf.dispose([x, y]);
  model.dispose();
  return losses;
}

describe('training on wasm', () => {
  it('follows the cpu backend step by step to the same losses', async () => {
    await tf.setBackend('cpu');
    const init = smallNet();
    const weights = init.getWeights().map((w) => w.dataSync() as Float32Array);
    init.dispose();
    const cpu = await train('cpu', weights, 6);
    const wasm = await train('wasm', weights, 6);
    // The losses must move, or the comparison would prove nothing.
    expect(Math.abs((cpu[5] as number) - (cpu[0] as number))).toBeGreaterThan(0.01);
    for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i] as number, 4);
  });

  it('leaks no tensor and no wasm memory across steps', async () => {
    await tf.setBackend('wasm');
    const model = smallNet();
    const x = tf.tensor4d(randomValues(8 * 16 * 16 * 2, 12), [8, 16, 16, 2]);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1], 'float32');
    // The optimizer makes its state on the first step.
    await model.trainOnBatch(x, y);
    const tensors = tf.memory().numTensors;
    const data = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) await model.trainOnBatch(x, y);
    expect(tf.memory().numTensors).toBe(tensors);
    // Kernel intermediates live outside the engine's books: count the backend's own buffers too.
    expect(tf.engine().backend.numDataIds()).toBe(data);
    tf.dispose([x, y]);
    model.dispose();
  });
});
