import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, on, randomValues, relativeError } from './test-util.js';

beforeAll(bothBackends);

describe('wasm sum matches the cpu backend', () => {
  const cases: [number[], number[], boolean][] = [
    [[4, 6, 7, 5], [0, 1, 2], false],
    [[4, 6, 7, 5], [2, 0, 1], true],
    [[2, 33, 31, 3], [0, 1, 2], false],
    [[7, 3], [0], false],
    [[4, 6, 7, 5], [1, 2], false],
    [[4, 6, 7, 5], [0, 1, 2, 3], false],
  ];
  for (const [shape, axes, keepDims] of cases) {
    it(`shape [${shape}], axes [${axes}]${keepDims ? ', keepDims' : ''}`, () => {
      const values = randomValues(
        shape.reduce((a, b) => a * b),
        7,
      );
      const f = () => {
        const s = tf.sum(tf.tensor(values, shape), axes, keepDims);
        return [s, tf.tensor(s.shape)];
      };
      const [cpu, cpuShape] = on('cpu', f) as [Float32Array, Float32Array];
      const [wasm, wasmShape] = on('wasm', f) as [Float32Array, Float32Array];
      expect(relativeError(wasm, cpu)).toBeLessThan(1e-5);
      expect(Array.from(wasmShape)).toEqual(Array.from(cpuShape));
    });
  }
});
