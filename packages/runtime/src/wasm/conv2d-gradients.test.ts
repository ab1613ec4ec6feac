import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, on, randomValues, relativeError } from './test-util.js';

beforeAll(bothBackends);

type Case = {
  batch: number;
  size: [number, number];
  inC: number;
  outC: number;
  filter: [number, number];
  stride: 1 | 2;
  pad: 'same' | 'valid';
};

const cases: Case[] = [];
for (const stride of [1, 2] as const) {
  for (const pad of ['same', 'valid'] as const) {
    for (const [batch, size, inC, outC, filter] of [
      [1, [8, 8], 1, 4, [3, 3]],
      [3, [9, 7], 3, 5, [3, 3]],
      [2, [10, 10], 4, 2, [5, 5]],
      [2, [6, 11], 2, 3, [1, 1]],
      [4, [7, 7], 5, 8, [2, 3]],
      // Few taps and outputs in sixteens: the SIMD product.
      [3, [8, 8], 1, 16, [3, 3]],
      [2, [9, 7], 1, 32, [3, 3]],
      [2, [6, 6], 3, 16, [2, 2]],
      // Input channels in fours, output channels in eights: by Winograd for 3x3 of stride 1, odd sizes too.
      [3, [8, 8], 4, 8, [3, 3]],
      [2, [7, 9], 8, 16, [3, 3]],
    ] as const) {
      cases.push({ batch, size: [...size], inC, outC, filter: [...filter], stride, pad });
    }
  }
}

describe('wasm convolution gradients match the cpu backend', () => {
  for (const c of cases) {
    const name = `batch ${c.batch}, ${c.size.join('x')}x${c.inC} -> ${c.outC}, filter ${c.filter.join('x')}, stride ${c.stride}, ${c.pad}`;
    it(name, () => {
      const xShape = [c.batch, ...c.size, c.inC] as [number, number, number, number];
      const wShape = [...c.filter, c.inC, c.outC] as [number, number, number, number];
      const xv = randomValues(
        xShape.reduce((a, b) => a * b),
        1,
      );
      const wv = randomValues(
        wShape.reduce((a, b) => a * b),
        2,
      );
      const grads = () => {
        const x = tf.tensor4d(xv, xShape);
        const w = tf.tensor4d(wv, wShape);
        const y = tf.conv2d(x, w, c.stride, c.pad);
        // A random upstream gradient, so every output position weighs differently.
        const dy = tf.tensor(randomValues(y.size, 3), y.shape);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), dy)),
        );
        return g([x, w]);
      };
      const [dxCpu, dwCpu] = on('cpu', grads) as [Float32Array, Float32Array];
      const [dxWasm, dwWasm] = on('wasm', grads) as [Float32Array, Float32Array];
      expect(relativeError(dxWasm, dxCpu)).toBeLessThan(1e-5);
      expect(relativeError(dwWasm, dwCpu)).toBeLessThan(1e-5);
    });
  }

  it('says what is unsupported: dilations and channels-first data', () => {
    tf.setBackend('wasm');
    const x = tf.ones([1, 8, 8, 1]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    const dilated = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same', 'NHWC', 2)),
    );
    expect(() => dilated([x, w])).toThrow(/dilation/);
    const dy = tf.ones([1, 1, 6, 6]) as tf.Tensor4D;
    expect(() =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropFilter',
          { x: tf.ones([1, 1, 8, 8]), dy },
          { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 1, 1] },
        ),
    ).toThrow(/NHWC/);
    tf.dispose([x, w, dy]);
  });
});
