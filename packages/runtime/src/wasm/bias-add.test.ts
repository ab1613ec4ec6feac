import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, on, randomValues, relativeError } from './test-util.js';

beforeAll(bothBackends);

describe('wasm add matches the cpu backend', () => {
  const cases: [number[], number[]][] = [
    // A bias per channel, channels in fours: our SIMD kernel.
    [[3, 5, 7, 8], [8]],
    [[32, 64], [64]],
    [[2, 3, 4], [4]],
    // Anything else: the stock kernel.
    [[3, 5, 7, 6], [6]],
    [
      [3, 5, 7, 8],
      [1, 1, 1, 8],
    ],
    [
      [4, 8],
      [4, 8],
    ],
    [[8], [3, 8]],
  ];
  for (const [aShape, bShape] of cases) {
    it(`[${aShape}] + [${bShape}]`, () => {
      const av = randomValues(
        aShape.reduce((x, y) => x * y),
        5,
      );
      const bv = randomValues(
        bShape.reduce((x, y) => x * y),
        6,
      );
      const f = () => {
        const s = tf.add(tf.tensor(av, aShape), tf.tensor(bv, bShape));
        return [s, tf.tensor(s.shape)];
      };
      const [cpu, cpuShape] = on('cpu', f) as [Float32Array, Float32Array];
      const [wasm, wasmShape] = on('wasm', f) as [Float32Array, Float32Array];
      expect(relativeError(wasm, cpu)).toBe(0);
      expect(Array.from(wasmShape)).toEqual(Array.from(cpuShape));
    });
  }
});
