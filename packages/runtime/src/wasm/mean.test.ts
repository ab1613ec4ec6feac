import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, on, randomValues, relativeError } from './test-util.js';

beforeAll(bothBackends);

describe('wasm mean matches the cpu backend', () => {
  const cases: [number[], number[], boolean][] = [
    // Rows and columns of images: XNNPACK's average pooling.
    [[4, 6, 7, 5], [1, 2], false],
    [[3, 16, 16, 64], [2, 1], true],
    // The rest: the stock kernel.
    [[4, 6, 7, 5], [0, 1, 2], false],
    [[7, 3], [1], false],
  ];
  for (const [shape, axes, keepDims] of cases) {
    it(`shape [${shape}], axes [${axes}]${keepDims ? ', keepDims' : ''}`, () => {
      const values = randomValues(
        shape.reduce((a, b) => a * b),
        8,
      );
      const f = () => {
        const m = tf.mean(tf.tensor(values, shape), axes, keepDims);
        return [m, tf.tensor(m.shape)];
      };
      const [cpu, cpuShape] = on('cpu', f) as [Float32Array, Float32Array];
      const [wasm, wasmShape] = on('wasm', f) as [Float32Array, Float32Array];
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      expect(Array.from(wasmShape)).toEqual(Array.from(cpuShape));
    });
  }
});

describe('the gradient of a mean on wasm matches the cpu backend', () => {
  for (const [shape, axes] of [
    [
      [3, 5, 6, 8],
      [1, 2],
    ],
    [
      [2, 4, 4, 6],
      [1, 2],
    ],
    [
      [3, 5, 6, 8],
      [0, 3],
    ],
  ] as [number[], number[]][]) {
    it(`shape [${shape}], axes [${axes}]`, () => {
      const values = randomValues(
        shape.reduce((a, b) => a * b),
        12,
      );
      const f = () => {
        const x = tf.tensor(values, shape);
        const dy = tf.tensor(randomValues(tf.mean(x, axes).size, 13), tf.mean(x, axes).shape);
        return [tf.grad((a: tf.Tensor) => tf.mean(a, axes))(x, dy)];
      };
      const [cpu] = on('cpu', f) as [Float32Array];
      const [wasm] = on('wasm', f) as [Float32Array];
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-6);
    });
  }
});

describe('wasm slice', () => {
  it('shares the data of a slice that is the whole tensor, and slices the rest as the cpu backend does', () => {
    tf.setBackend('wasm');
    const before = tf.engine().backend.numDataIds();
    const x = tf.tensor(randomValues(24, 9), [2, 3, 4]);
    const whole = tf.slice(x, [0, 0, 0], [-1, 3, 4]);
    expect(tf.engine().backend.numDataIds()).toBe(before + 1);
    expect(whole.shape).toEqual([2, 3, 4]);
    const part = tf.slice(x, [1, 0, 2], [1, 3, 2]);
    const want = tf.tidy(() => {
      tf.setBackend('cpu');
      return Array.from(tf.slice(tf.tensor(randomValues(24, 9), [2, 3, 4]), [1, 0, 2], [1, 3, 2]).dataSync());
    });
    tf.setBackend('wasm');
    expect(Array.from(part.dataSync())).toEqual(want);
    x.dispose();
    expect(Array.from(whole.dataSync())).toEqual(Array.from(randomValues(24, 9)));
    tf.dispose([whole, part]);
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });
});
