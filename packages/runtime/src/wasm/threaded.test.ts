import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../select-backend.js';
import { kernelThreads } from './simd/kernel-threads.js';
import { backendMemory } from './simd/simd-kernels.js';
import { on, randomValues, relativeError } from './test-util.js';

// The threaded build as selectBackend starts it in Node, with helper threads for our SIMD kernels: each kernel that
// splits its work between threads must give what the cpu backend gives.
beforeAll(async () => {
  await tf.setBackend('cpu');
  const report = await selectBackend({ backend: 'wasm', threads: 2 });
  expect(report.threads).toBe(2);
});

describe('wasm kernels on two threads', () => {
  it('run on a helper thread beside this one', () => {
    tf.setBackend('wasm');
    expect(kernelThreads(backendMemory(tf.backend()))).toBe(2);
  });

  for (const [batch, size, inC, outC, filter, stride, pad] of [
    [5, 12, 1, 16, 3, 1, 'same'],
    [4, 10, 6, 24, 3, 1, 'same'],
    [3, 11, 4, 8, 5, 2, 'same'],
    [2, 9, 3, 16, 3, 2, 'valid'],
    // Winograd forward and input gradient, and our filter gradient.
    [5, 10, 8, 16, 3, 1, 'same'],
    [3, 9, 16, 8, 3, 1, 'valid'],
  ] as const) {
    it(`filter gradient, batch ${batch}, ${size}x${size}x${inC} -> ${outC}, ${filter}x${filter} stride ${stride} ${pad}`, () => {
      const xShape = [batch, size, size, inC] as [number, number, number, number];
      const wShape = [filter, filter, inC, outC] as [number, number, number, number];
      const xv = randomValues(batch * size * size * inC, 1);
      const wv = randomValues(filter * filter * inC * outC, 2);
      const grads = () => {
        const x = tf.tensor4d(xv, xShape);
        const w = tf.tensor4d(wv, wShape);
        const y = tf.conv2d(x, w, stride, pad);
        const dy = tf.tensor(randomValues(y.size, 3), y.shape);
        return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad), dy)),
        )([x, w]);
      };
      const [dxCpu, dwCpu] = on('cpu', grads) as [Float32Array, Float32Array];
      const [dxWasm, dwWasm] = on('wasm', grads) as [Float32Array, Float32Array];
      expect(relativeError(dxWasm, dxCpu)).toBeLessThan(1e-5);
      expect(relativeError(dwWasm, dwCpu)).toBeLessThan(1e-5);
    });
  }

  it('a 3x3 convolution fused with a bias and relu (Winograd)', () => {
    const xv = randomValues(6 * 13 * 11 * 8, 6);
    const wv = randomValues(9 * 8 * 16, 7);
    const bv = randomValues(16, 8);
    const f = () => [
      tf.fused.conv2d({
        x: tf.tensor4d(xv, [6, 13, 11, 8]),
        filter: tf.tensor4d(wv, [3, 3, 8, 16]),
        strides: 1,
        pad: 'same',
        bias: tf.tensor1d(bv),
        activation: 'relu',
      }),
    ];
    const [cpu] = on('cpu', f) as [Float32Array];
    const [wasm] = on('wasm', f) as [Float32Array];
    expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
  });

  it('relu, max pool, means and sums of images, and their gradients', () => {
    const shape = [8, 32, 32, 16];
    const xv = randomValues(8 * 32 * 32 * 16, 9);
    const f = () => {
      const x = tf.tensor4d(xv, shape as [number, number, number, number]);
      const loss = (a: tf.Tensor) => {
        const pooled = tf.maxPool(tf.relu(a) as tf.Tensor4D, 2, 2, 'valid');
        return tf.add(tf.sum(tf.mean(pooled, [1, 2])), tf.sum(tf.sum(tf.mul(pooled, pooled), [0, 1, 2])));
      };
      return [
        tf.relu(x),
        tf.maxPool(x, 2, 2, 'valid'),
        tf.mean(x, [1, 2]),
        tf.sum(x, [0, 1, 2]),
        tf.grad(loss)(x),
      ];
    };
    const cpu = on('cpu', f);
    const wasm = on('wasm', f);
    for (let i = 0; i < cpu.length; i++) {
      expect(relativeError(wasm[i] as Float32Array, cpu[i] as Float32Array)).toBeLessThan(1e-5);
    }
  });

  it('sums in the same order whichever thread takes which part: the same gradients bit for bit, run after run', () => {
    tf.setBackend('wasm');
    const xv = randomValues(16 * 32 * 32 * 16, 10);
    const dyv = randomValues(16 * 32 * 32 * 32, 11);
    const grads = () =>
      tf.tidy(() => {
        const x = tf.tensor4d(xv, [16, 32, 32, 16]);
        const dy = tf.tensor4d(dyv, [16, 32, 32, 32]);
        const w = tf.ones([3, 3, 16, 32]) as tf.Tensor4D;
        const wDirect = tf.ones([3, 3, 16, 32]) as tf.Tensor4D;
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), dy));
        const g = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.mul(
              tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'),
              tf.slice(dy, [0, 0, 0, 0], [16, 16, 16, 32]),
            ),
          );
        return [
          tf.grads(f)([x, w])[1] as tf.Tensor,
          tf.grads(g)([x, wDirect])[1] as tf.Tensor,
          tf.sum(dy, [0, 1, 2]),
        ].map((t) => Array.from(t.dataSync()));
      });
    const first = grads();
    for (let i = 0; i < 4; i++) expect(grads()).toEqual(first);
  });

  it('bias add', () => {
    const shape = [8, 32, 32, 16];
    const av = randomValues(8 * 32 * 32 * 16, 4);
    const bv = randomValues(16, 5);
    const f = () => [tf.add(tf.tensor(av, shape), tf.tensor(bv, [16]))];
    const [cpu] = on('cpu', f) as [Float32Array];
    const [wasm] = on('wasm', f) as [Float32Array];
    expect(relativeError(wasm, cpu)).toBe(0);
  });
});
