import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { bothBackends, randomValues, relativeError } from './test-util.js';

beforeAll(bothBackends);

// Weights of sizes in fours and not, and one without a gradient this step.
const shapes = [[3, 3, 2, 8], [8], [5, 3], [7]];

async function steps(backend: string, n: number) {
  tf.setBackend(backend);
  const vars = shapes.map((s, i) =>
    tf.variable(
      tf.tensor(
        randomValues(
          s.reduce((a, b) => a * b),
          20 + i,
        ),
        s,
      ),
      true,
      `${backend}-w${i}`,
    ),
  );
  const opt = tf.train.adam(0.01);
  for (let k = 0; k < n; k++) {
    const grads: tf.NamedTensorMap = {};
    vars.forEach((v, i) => {
      if (i !== 3 || k % 2 === 0) grads[v.name] = tf.tensor(randomValues(v.size, 100 * k + i), v.shape);
    });
    opt.applyGradients(grads as Record<string, tf.Variable>);
    tf.dispose(Object.values(grads));
  }
  const values = vars.map((v) => v.dataSync() as Float32Array);
  const weights = await opt.getWeights();
  const state = weights.map((w) => [w.name, w.tensor.dataSync() as Float32Array] as const);
  opt.dispose();
  tf.dispose(vars);
  return { values, state };
}

describe('Adam on wasm', () => {
  it('takes the steps the cpu backend takes, with the same state', async () => {
    const cpu = await steps('cpu', 4);
    const wasm = await steps('wasm', 4);
    cpu.values.forEach((v, i) => {
      expect(relativeError(wasm.values[i] as Float32Array, v)).toBeLessThan(1e-6);
    });
    expect(wasm.state.map(([name]) => name.replace('wasm-', ''))).toEqual(
      cpu.state.map(([name]) => name.replace('cpu-', '')),
    );
    cpu.state.forEach(([, v], i) => {
      expect(relativeError(wasm.state[i]?.[1] as Float32Array, v)).toBeLessThan(1e-6);
    });
  });

  it("gives tfjs's own step on wasm bit for bit", async () => {
    const fused = await steps('wasm', 5);
    // Without our kernel the optimizer falls back to tfjs's step.
    const kernel = tf.getKernel('ShapesAdam', 'wasm') as tf.KernelConfig;
    tf.unregisterKernel('ShapesAdam', 'wasm');
    try {
      const stock = await steps('wasm', 5);
      stock.values.forEach((v, i) => {
        expect(Array.from(fused.values[i] as Float32Array)).toEqual(Array.from(v));
      });
    } finally {
      tf.registerKernel(kernel);
    }
  });

  it('runs one kernel for all weights and leaks nothing', async () => {
    tf.setBackend('wasm');
    const vars = shapes.map((s, i) => tf.variable(tf.ones(s), true, `one-w${i}`));
    const opt = tf.train.adam(0.01);
    const grads = Object.fromEntries(vars.map((v) => [v.name, tf.onesLike(v)]));
    opt.applyGradients(grads);
    const tensors = tf.memory().numTensors;
    const data = tf.engine().backend.numDataIds();
    const profile = await tf.profile(() => opt.applyGradients(grads));
    expect(profile.kernels.map((k) => k.name)).toEqual(['ShapesAdam']);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(data);
    opt.dispose();
    tf.dispose([...vars, ...Object.values(grads)]);
  });
});
