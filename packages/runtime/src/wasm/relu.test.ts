import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, on, randomValues } from './test-util.js';

beforeAll(bothBackends);

describe('wasm relu and its gradient match the cpu backend', () => {
  // Sizes in fours run our kernels, others the stock ones; NaN passes through both as tfjs's cpu kernels pass it.
  for (const shape of [
    [4, 5, 6, 8],
    [3, 5],
    [2, 2],
  ]) {
    it(`shape [${shape}]`, () => {
      const values = randomValues(
        shape.reduce((a, b) => a * b),
        9,
      );
      values[1] = Number.NaN;
      values[2] = 0;
      const upstream = randomValues(values.length, 10);
      const f = () => {
        const x = tf.tensor(values, shape);
        const dy = tf.tensor(upstream, shape);
        const [y, dx] = [tf.relu(x), tf.grad((a: tf.Tensor) => tf.relu(a))(x, dy)];
        return [y, dx];
      };
      const [yCpu, dxCpu] = on('cpu', f) as [Float32Array, Float32Array];
      const [yWasm, dxWasm] = on('wasm', f) as [Float32Array, Float32Array];
      expect(Array.from(yWasm)).toEqual(Array.from(yCpu));
      expect(Array.from(dxWasm)).toEqual(Array.from(dxCpu));
    });
  }

  it('runs the gradient as one kernel on wasm', async () => {
    tf.setBackend('wasm');
    const x = tf.tensor(randomValues(64, 11), [4, 16]);
    const profile = await tf.profile(() => tf.grad((a: tf.Tensor) => tf.relu(a))(x));
    const names = profile.kernels.map((k) => k.name);
    expect(names).toContain('ShapesReluGrad');
    expect(names).not.toContain('Step');
    tf.dispose(x);
  });
});
