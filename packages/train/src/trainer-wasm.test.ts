import { selectBackend } from '@shapes/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { easyData, tinyModel, weightValues } from './test-fixtures.js';
import { Trainer } from './trainer.js';

// Its own file, so the backend switch cannot reach the cpu tests (vitest isolates test files).
beforeAll(async () => {
  await selectBackend({ backend: 'wasm', threads: 1 });
});

it('trains a convolutional model on the wasm backend too, deterministically and without leaks', async () => {
  expect(tf.getBackend()).toBe('wasm');
  const { train, val } = easyData(20);
  const run = async () => {
    const model = tinyModel(3);
    const trainer = new Trainer({ model, seed: 2, learningRate: 1e-2, batchSize: 16 });
    const before = tf.memory().numTensors;
    const { history } = await trainer.fit(train, { val, epochs: 2 });
    const weights = weightValues(model);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    return { history, weights };
  };
  const a = await run();
  const b = await run();
  expect(a.history.every((h) => Number.isFinite(h.loss) && Number.isFinite(h.valLoss!))).toBe(true);
  expect(b.weights).toEqual(a.weights);
});
