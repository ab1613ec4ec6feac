import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, on, randomValues, relativeError } from './test-util.js';

beforeAll(bothBackends);

// Our Winograd kernel runs 3x3 convolutions of stride 1 with input channels in fours and output channels in
// eights: forward, fused with a bias and relu, and as the input gradient (dY's channels in fours, x's in
// eights). Odd sizes leave half-used 2x2 blocks at the bottom and right edges.
const cases: [number, number, number, number, number, 'same' | 'valid'][] = [
  [2, 8, 8, 4, 8, 'same'],
  [3, 7, 9, 8, 16, 'same'],
  [2, 5, 6, 12, 8, 'valid'],
  [1, 11, 3, 8, 24, 'same'],
  [2, 4, 4, 16, 16, 'valid'],
  [1, 1, 2, 8, 8, 'same'],
];

describe('wasm 3x3 convolutions by Winograd match the cpu backend', () => {
  for (const [batch, h, w, ci, co, pad] of cases) {
    const xShape = [batch, h, w, ci] as [number, number, number, number];
    const wShape = [3, 3, ci, co] as [number, number, number, number];
    const xv = randomValues(batch * h * w * ci, 1);
    const wv = randomValues(9 * ci * co, 2);
    const bv = randomValues(co, 3);
    const name = `batch ${batch}, ${h}x${w}x${ci} -> ${co}, ${pad}`;

    it(`${name}: conv2d, and fused with a bias and relu`, () => {
      const f = () => {
        const x = tf.tensor4d(xv, xShape);
        const filter = tf.tensor4d(wv, wShape);
        const bias = tf.tensor1d(bv);
        return [
          tf.conv2d(x, filter, 1, pad),
          tf.fused.conv2d({ x, filter, strides: 1, pad, bias, activation: 'relu' }),
          tf.fused.conv2d({ x, filter, strides: 1, pad, bias }),
        ];
      };
      const cpu = on('cpu', f);
      const wasm = on('wasm', f);
      for (let i = 0; i < cpu.length; i++) {
        expect(relativeError(wasm[i] as Float32Array, cpu[i] as Float32Array)).toBeLessThan(1e-5);
      }
    });

    it(`${name}: input gradient`, () => {
      // The gradient's convolution maps x's channels (here `co`) to dY's (`ci`): swapped, to fit the kernel.
      const gShape = [3, 3, co, ci] as [number, number, number, number];
      const gv = randomValues(9 * co * ci, 4);
      const f = () => {
        const x = tf.tensor4d(randomValues(batch * h * w * co, 5), [batch, h, w, co]);
        const filter = tf.tensor4d(gv, gShape);
        const y = tf.conv2d(x, filter, 1, pad);
        const dy = tf.tensor(randomValues(y.size, 6), y.shape);
        return [
          tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, filter, 1, pad), dy)))(x),
        ];
      };
      const [cpu] = on('cpu', f) as [Float32Array];
      const [wasm] = on('wasm', f) as [Float32Array];
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
    });
  }
});

// Our direct kernel runs convolutions of few filter rows (taps x input channels) with output channels in eights,
// any stride and padding: first layers. Widths that are not whole fours leave part of the last tile unwritten.
describe('wasm convolutions of few filter rows match the cpu backend', () => {
  const direct: [number, number, number, number, number, number, 1 | 2, 'same' | 'valid'][] = [
    [2, 9, 9, 1, 16, 3, 1, 'same'],
    [2, 12, 10, 1, 16, 5, 2, 'same'],
    [3, 11, 7, 3, 8, 3, 2, 'valid'],
    [1, 6, 13, 2, 24, 3, 1, 'valid'],
  ];
  for (const [batch, h, w, ci, co, k, stride, pad] of direct) {
    it(`batch ${batch}, ${h}x${w}x${ci} -> ${co}, ${k}x${k} stride ${stride} ${pad}`, () => {
      const xv = randomValues(batch * h * w * ci, 14);
      const wv = randomValues(k * k * ci * co, 15);
      const bv = randomValues(co, 16);
      const f = () => {
        const x = tf.tensor4d(xv, [batch, h, w, ci]);
        const filter = tf.tensor4d(wv, [k, k, ci, co]);
        const bias = tf.tensor1d(bv);
        return [
          tf.conv2d(x, filter, stride, pad),
          tf.fused.conv2d({ x, filter, strides: stride, pad, bias, activation: 'relu' }),
        ];
      };
      const cpu = on('cpu', f);
      const wasm = on('wasm', f);
      for (let i = 0; i < cpu.length; i++) {
        expect(relativeError(wasm[i] as Float32Array, cpu[i] as Float32Array)).toBeLessThan(1e-5);
      }
    });
  }
});
