import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from '../architectures/default-cnn.js';
import { createSeedCnn } from '../architectures/seed-cnn.js';
import { modelOutputs } from '../embeddings.js';
import { images, pixelModel } from '../test-models.js';
import {
  BASE_CHECK_MIN_PER_CLASS,
  baseCheckProblem,
  baseHead,
  baseLogits,
  baseScores,
  fitBaseGaussians,
  whyNoBaseCheck,
} from './base-check.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// A base whose embedding is the 4x4 image, then a hidden ReLU layer of 5 and 3 logits: seeded, so fixed.
function twoLayerBase(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.flatten({ name: 'embedding', inputShape: [4, 4, 1] }),
      tfl.layers.dense({
        name: 'head_dense',
        units: 5,
        activation: 'relu',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }),
      }),
      tfl.layers.dropout({ name: 'head_dropout', rate: 0.5 }),
      tfl.layers.dense({
        name: 'head_output',
        units: 3,
        activation: 'softmax',
        kernelInitializer: tfl.initializers.glorotUniform({ seed: 4 }),
      }),
    ],
  });
}

describe('baseHead and baseLogits', () => {
  it("give the base's own logits for an embedding, through ReLU layers and past dropout", () => {
    const base = twoLayerBase();
    const batch = images([[0], [1, 5], [2, 7, 9], [15]], 200);
    const out = modelOutputs(base, batch);
    const logits = baseLogits(baseHead(base), out.embeddings, out.embeddingSize);
    expect(logits).toHaveLength(out.logits.length);
    out.logits.forEach((v, i) => {
      expect(logits[i]).toBeCloseTo(v, 5);
    });
    base.dispose();
  });

  it('refuses heads too big to save in model.json, and layers that are not dense', () => {
    const seed = createSeedCnn({ classes: 3 });
    expect(() => baseHead(seed)).toThrow(/weights, more than the 100,000 a base check saves/);
    expect(whyNoBaseCheck(seed, new Array(30).fill(0), 1)).toMatch(/more than the 100,000/);
    seed.dispose();
    const odd = tfl.sequential({
      layers: [
        tfl.layers.flatten({ name: 'embedding', inputShape: [4, 4, 1] }),
        tfl.layers.reshape({ targetShape: [16] }),
        tfl.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    expect(() => baseHead(odd)).toThrow(/is a Reshape layer/);
    const tanh = tfl.sequential({
      layers: [
        tfl.layers.flatten({ name: 'embedding', inputShape: [4, 4, 1] }),
        tfl.layers.dense({ name: 'hidden', units: 4, activation: 'tanh' }),
        tfl.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    expect(() => baseHead(tanh)).toThrow(/relu or linear activations, but "hidden" has tanh/);
    tanh.dispose();
    odd.dispose();
    const base = createDefaultCnn({ classes: 3, inputSize: 16 });
    expect(baseHead(base).map((l) => [l.units, l.relu])).toEqual([
      [64, true],
      [3, false],
    ]);
    expect(() => baseLogits(baseHead(base), new Float32Array(10), 10)).toThrow(/takes 64 values but gets 10/);
    base.dispose();
  });
});

describe('fitBaseGaussians and baseScores', () => {
  // The base's logits are the first two pixels (x4): class 0 sits near (4, 0), class 1 near (0, 4).
  const base = () =>
    pixelModel(Array.from({ length: 16 }, (_, p) => (p === 0 ? [4, 0] : p === 1 ? [0, 4] : [0, 0])));
  const calibration = () => {
    const lit: number[][] = [];
    const values: number[] = [];
    for (let i = 0; i < 2 * BASE_CHECK_MIN_PER_CLASS; i++) lit.push([i % 2]);
    const batch = images(lit);
    // Each image's lit pixel at its own brightness, so the logits spread along one axis per class.
    lit.forEach((_, i) => {
      const v = 150 + 10 * (i >> 1);
      batch.images[i * 16 + (i % 2)] = v;
      values.push(v);
    });
    return { batch, labels: lit.map(([p]) => p as number), values };
  };

  it('fits the mean of each class and scores the mean itself highest', () => {
    const model = base();
    const { batch, labels, values } = calibration();
    const out = modelOutputs(model, batch);
    const fitted = fitBaseGaussians(baseHead(model), out.embeddings, out.embeddingSize, labels, 2);
    const mean0 = values.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0) / BASE_CHECK_MIN_PER_CLASS;
    expect(fitted.means[0]?.[0]).toBeCloseTo((4 * mean0) / 255, 5);
    expect(fitted.means[0]?.[1]).toBeCloseTo(0, 6);
    // At a class mean, the distance is 0, and it grows away from it.
    const at = (x: number, y: number) => {
      const e = new Float32Array(16);
      e[0] = x / 4;
      e[1] = y / 4;
      return baseScores(fitted, e, 16)[0] as number;
    };
    const [mx, my] = fitted.means[0] as number[];
    expect(at(mx as number, my as number)).toBeCloseTo(0, 4);
    expect(at((mx as number) + 0.3, my as number)).toBeLessThan(0);
    expect(at((mx as number) + 0.6, my as number)).toBeLessThan(at((mx as number) + 0.3, my as number));
    model.dispose();
  });

  it('needs enough calibration images of each class', () => {
    const model = base();
    const { batch, labels } = calibration();
    const out = modelOutputs(model, batch);
    const few = labels.map((l, i) => (i < 4 ? l : 0));
    expect(() => fitBaseGaussians(baseHead(model), out.embeddings, 16, few, 2)).toThrow(
      /at least 10 calibration images of each class; class 1 has 2/,
    );
    expect(whyNoBaseCheck(model, few, 2)).toMatch(
      /needs at least 10 calibration images of each class; class 1 has 2/,
    );
    expect(whyNoBaseCheck(model, labels, 2)).toBeUndefined();
    model.dispose();
  });
});

describe('baseCheckProblem', () => {
  const good = () => ({
    head: [{ kernel: [1, 0, 0, 1], bias: [0, 0], units: 2, relu: false }],
    means: [
      [1, 0],
      [0, 1],
    ],
    precision: [1, 0, 0, 1],
    offset: 0.5,
    scale: 0.1,
  });

  it('accepts a well-formed check and names what is wrong with a bad one', () => {
    expect(baseCheckProblem(good(), 2)).toBeUndefined();
    expect(baseCheckProblem(good(), 3)).toMatch(/one row of 2 numbers for each of the 3 classes/);
    expect(baseCheckProblem({ ...good(), precision: [1, 0, 0] }, 2)).toMatch(/precision must hold 4 numbers/);
    expect(baseCheckProblem({ ...good(), head: [] }, 2)).toMatch(/head must be a non-empty array/);
    expect(
      baseCheckProblem({ ...good(), head: [{ kernel: [1, 2, 3], bias: [0, 0], units: 2, relu: false }] }, 2),
    ).toMatch(/head\[0\]/);
    expect(baseCheckProblem({ ...good(), scale: 0 }, 2)).toMatch(/scale a positive one/);
    expect(baseCheckProblem('x', 2)).toMatch(/must be an object/);
  });
});
