import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBenchNet, inputAndClasses, randomBatch } from './nets.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => tf.disposeVariables());

describe('createBenchNet', () => {
  it('builds each arch with its input and classes, compiled', () => {
    const expected = {
      default: { input: [64, 64, 1], classes: 3, params: [60_000, 70_000] },
      'bench-cnn': { input: [64, 64, 1], classes: 5, params: [20_000, 40_000] },
    } as const;
    for (const arch of ['default', 'bench-cnn'] as const) {
      const net = createBenchNet(arch);
      expect(net.input).toEqual(expected[arch].input);
      expect(net.classes).toBe(expected[arch].classes);
      expect(net.model.optimizer).toBeDefined();
      const params = net.model.countParams();
      expect(params).toBeGreaterThan(expected[arch].params[0]);
      expect(params).toBeLessThan(expected[arch].params[1]);
      net.model.dispose();
    }
  });

  it('trains on a random batch', async () => {
    // The default CNN: its strided first layer makes a cpu-backend step quick (bench-cnn's takes seconds).
    const net = createBenchNet('default');
    const { x, y } = randomBatch(net, 2);
    expect(x.shape).toEqual([2, 64, 64, 1]);
    expect(Array.from(await y.data())).toEqual([0, 1]);
    const loss = await net.model.trainOnBatch(x, y);
    expect(Number.isFinite(loss as number)).toBe(true);
    tf.dispose([x, y]);
    net.model.dispose();
  });
});

describe('inputAndClasses', () => {
  it('refuses models that do not take images', () => {
    const flat = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [8], units: 2 })] });
    expect(() => inputAndClasses(flat)).toThrow(/expected a model with \[null, height, width, channels\]/);
    flat.dispose();
  });
});
