import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from './architectures/default-cnn.js';
import { setFrozen, transfer } from './transfer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const small = () => createDefaultCnn({ classes: 3, inputSize: 16 });
const values = (layer: tfl.layers.Layer) => layer.getWeights().map((w) => Array.from(w.dataSync()));

async function trainSteps(model: tfl.LayersModel, steps: number, classes: number) {
  model.compile({ optimizer: tf.train.adam(0.01), loss: 'sparseCategoricalCrossentropy' });
  const x = tf.randomUniform([8, 16, 16, 1], 0, 1, 'float32', 3);
  const y = tf.tensor1d(
    [0, 1, 2, 0, 1, 2, 0, 1].map((v) => v % classes),
    'float32',
  );
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  tf.dispose([x, y]);
}

describe('transfer', () => {
  it("starts from the base's trained weights and keeps frozen ones unchanged while the head trains", async () => {
    const base = small();
    await trainSteps(base, 3, 3);
    const baseFeatures = base.layers.slice(0, 9).map(values);
    const model = transfer(base, { classes: 4 });
    expect(model.outputs[0]?.shape).toEqual([null, 4]);
    // Every feature weight is the base's; the head is new.
    model.layers.slice(0, 9).forEach((layer, i) => {
      expect(values(layer)).toEqual(baseFeatures[i]);
    });
    // The output layer's bias always gets a gradient (softmax minus target), whatever the ReLUs before it do.
    const headBefore = values(model.getLayer('head_output'));
    await trainSteps(model, 3, 4);
    model.layers.slice(0, 9).forEach((layer, i) => {
      expect(values(layer)).toEqual(baseFeatures[i]);
    });
    expect(values(model.getLayer('head_output'))).not.toEqual(headBefore);
    // The base is untouched by the transfer model's training.
    base.layers.slice(0, 9).forEach((layer, i) => {
      expect(values(layer)).toEqual(baseFeatures[i]);
    });
    base.dispose();
    model.dispose();
  });

  it('unfreezes the last block, or everything, when asked', async () => {
    const base = small();
    const model = transfer(base, { classes: 2, freeze: 'all-but-last-block' });
    const trainable = model.layers.filter((l) => l.trainable && l.getWeights().length > 0).map((l) => l.name);
    expect(trainable).toEqual(['block4_conv', 'head_dense', 'head_output']);
    const before = values(model.getLayer('block4_conv'));
    const frozen = values(model.getLayer('block3_conv'));
    await trainSteps(model, 2, 2);
    expect(values(model.getLayer('block4_conv'))).not.toEqual(before);
    expect(values(model.getLayer('block3_conv'))).toEqual(frozen);
    setFrozen(model, 'none');
    expect(model.layers.every((l) => l.trainable)).toBe(true);
    base.dispose();
    model.dispose();
  });

  it('explains what it cannot transfer', () => {
    const plain = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 2 })] });
    expect(() => transfer(plain, { classes: 2 })).toThrow(/no layer named "embedding"/);
    const base = small();
    expect(() => transfer(base, { classes: 0 })).toThrow(/classes/);
    expect(() => transfer(base, { classes: 2, freeze: 'some' as 'none' })).toThrow(/freeze must be one of/);
    plain.dispose();
    base.dispose();
  });
});
