import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { simdKernels } from './simd/simd-kernels.js';
import { bothBackends, on, randomValues, relativeError } from './test-util.js';

beforeAll(bothBackends);

describe('wasm max-pool gradient matches the cpu backend', () => {
  const cases: [string, number[], number, number, 'same' | 'valid', 'random' | 'ties'][] = [
    ['2x2/2 valid, even', [2, 8, 8, 3], 2, 2, 'valid', 'random'],
    ['2x2/2 valid, odd (last row and column unread)', [3, 9, 7, 2], 2, 2, 'valid', 'random'],
    ['2x2/2 same, even', [2, 6, 10, 4], 2, 2, 'same', 'random'],
    ['2x2/2 same, odd (padded)', [1, 7, 7, 2], 2, 2, 'same', 'random'],
    ['3x3/3 valid (tiling, with unread rows)', [2, 10, 11, 2], 3, 3, 'valid', 'random'],
    ['3x3/2 valid (overlapping)', [2, 9, 9, 2], 3, 2, 'valid', 'random'],
    ['3x3/2 same (overlapping, padded)', [2, 8, 9, 3], 3, 2, 'same', 'random'],
    ['2x2/1 valid (overlapping)', [2, 6, 6, 2], 2, 1, 'valid', 'random'],
    ['3x3/1 same', [1, 5, 6, 1], 3, 1, 'same', 'random'],
    ['3x3/2 with ties', [2, 9, 9, 2], 3, 2, 'same', 'ties'],
    ['2x2/2 with ties: the first maximum takes the gradient', [2, 8, 8, 3], 2, 2, 'valid', 'ties'],
    ['2x2/2, 8 channels (SIMD)', [3, 8, 6, 8], 2, 2, 'valid', 'random'],
    ['2x2/2 with ties, 4 channels (SIMD)', [2, 8, 8, 4], 2, 2, 'valid', 'ties'],
  ];
  for (const [name, shape, size, stride, pad, values] of cases) {
    it(name, () => {
      const n = shape.reduce((a, b) => a * b);
      // Values on a coarse grid tie often inside a window, as flat image regions do.
      const xv = randomValues(n, 5).map((v) => (values === 'ties' ? Math.round(v * 1.5) : v));
      const grads = () => {
        const x = tf.tensor4d(xv, shape as [number, number, number, number]);
        const y = tf.maxPool(x, size, stride, pad);
        const dy = tf.tensor(randomValues(y.size, 6), y.shape);
        const g = tf.grad((a: tf.Tensor) =>
          tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, size, stride, pad), dy)),
        );
        return [g(x)];
      };
      const [cpu] = on('cpu', grads) as [Float32Array];
      const [wasm] = on('wasm', grads) as [Float32Array];
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-6);
    });
  }

  it('runs the SIMD kernels on the wasm backend', () => {
    tf.setBackend('wasm');
    expect(simdKernels(tf.backend())).toBeDefined();
  });

  it('counts a pixel once for every overlapping window it is the maximum of', () => {
    const x = [1, 5, 2, 7, 3, 4, 0, 6, 8];
    const [wasm] = on('wasm', () => [
      tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 1, 'valid')))(
        tf.tensor4d(x, [1, 3, 3, 1]),
      ),
    ]) as [Float32Array];
    // Windows: max 7, 5, 7, 8.
    expect(Array.from(wasm)).toEqual([0, 1, 0, 2, 0, 0, 0, 0, 1]);
  });
});

describe('wasm max pool matches the cpu backend', () => {
  // 2x2 windows of stride 2 that tile images with channels in fours: our kernel; the rest: XNNPACK.
  for (const [shape, size, stride, pad] of [
    [[3, 8, 6, 8], 2, 2, 'valid'],
    [[2, 10, 4, 4], 2, 2, 'same'],
    [[2, 9, 7, 4], 2, 2, 'valid'],
    [[2, 8, 8, 3], 2, 2, 'valid'],
    [[2, 9, 9, 4], 3, 2, 'same'],
  ] as [number[], number, number, 'same' | 'valid'][]) {
    it(`[${shape}], ${size}x${size}/${stride} ${pad}`, () => {
      const xv = randomValues(
        shape.reduce((a, b) => a * b),
        7,
      );
      const f = () => [
        tf.maxPool(tf.tensor4d(xv, shape as [number, number, number, number]), size, stride, pad),
      ];
      const [cpu] = on('cpu', f) as [Float32Array];
      const [wasm] = on('wasm', f) as [Float32Array];
      expect(Array.from(wasm)).toEqual(Array.from(cpu));
    });
  }
});
