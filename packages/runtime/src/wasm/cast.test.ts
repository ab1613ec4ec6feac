import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends } from './test-util.js';

beforeAll(bothBackends);

describe('wasm cast', () => {
  it('shares the data of a cast to the same dtype, and frees it with the last reference', () => {
    tf.setBackend('wasm');
    const before = tf.engine().backend.numDataIds();
    const x = tf.tensor([1.5, -2, 0], [3]);
    const y = tf.cast(x, 'float32');
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1.5, -2, 0]);
    y.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });

  it('leaves real conversions to the stock kernel', () => {
    for (const backend of ['cpu', 'wasm']) {
      tf.setBackend(backend);
      const values = tf.tidy(() => [
        Array.from(tf.cast(tf.tensor([1.7, -2.2, 0]), 'int32').dataSync()),
        Array.from(tf.cast(tf.tensor([true, false], [2], 'bool'), 'float32').dataSync()),
      ]);
      expect(values).toEqual([
        [1, -2, 0],
        [1, 0],
      ]);
    }
  });
});
