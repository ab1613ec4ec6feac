import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { BENCH_CNN_CLASSES, createBenchCnn } from './bench-cnn.js';
import { createDefaultCnn } from './default-cnn.js';
import { createSeedCnn } from './seed-cnn.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('architectures', () => {
  it("the seed CNN has exactly the original demo's weights", () => {
    const model = createSeedCnn({ classes: 2 });
    // conv1 3*3*3*32+32, conv2 3*3*32*64+64, fc1 (64*64*64)*128+128, fc2 128*2+2 (the PyTorch demo's counts).
    expect(model.countParams()).toBe(896 + 18_496 + 33_554_560 + 258);
    expect(model.outputs[0]?.shape).toEqual([null, 2]);
    model.dispose();
  });

  it('the default CNN maps 64x64 gray images to class probabilities', () => {
    const model = createDefaultCnn({ classes: 5 });
    expect(model.inputs[0]?.shape).toEqual([null, 64, 64, 1]);
    const p = tf.tidy(() => model.predict(tf.zeros([2, 64, 64, 1])) as tf.Tensor);
    expect(p.shape).toEqual([2, 5]);
    const rows = tf.sum(p, 1).dataSync();
    expect(rows[0]).toBeCloseTo(1, 5);
    expect(model.countParams()).toBeLessThan(100_000);
    tf.dispose([p]);
    model.dispose();
  });

  it('the default CNN widens its last two blocks and its embedding to embeddingSize', () => {
    const wide = createDefaultCnn({ classes: 3, embeddingSize: 128 });
    expect(wide.getLayer('embedding').outputShape).toEqual([null, 128]);
    // conv 5*5*1*16+16, 3*3*16*32+32, 3*3*32*128+128, 3*3*128*128+128; dense 128*64+64, 64*3+3.
    expect(wide.countParams()).toBe(416 + 4_640 + 36_992 + 147_584 + 8_256 + 195);
    wide.dispose();
    expect(() => createDefaultCnn({ classes: 3, embeddingSize: 0 })).toThrow(/embeddingSize/);
  });

  it("bench-cnn has the PyTorch peer's weights and names its parts for transfer", () => {
    const model = createBenchCnn({ seed: 1 });
    // conv 3*3*1*16+16, 3*3*16*32+32, 3*3*32*64+64; dense 64*64+64, 64*5+5 (torch_peer.py's bench-cnn).
    expect(model.countParams()).toBe(160 + 4_640 + 18_496 + 4_160 + 325);
    expect(model.inputs[0]?.shape).toEqual([null, 64, 64, 1]);
    expect(model.outputs[0]?.shape).toEqual([null, BENCH_CNN_CLASSES]);
    expect(model.getLayer('embedding').outputShape).toEqual([null, 64]);
    const again = createBenchCnn({ seed: 1 });
    const first = model.getLayer('block1_conv').getWeights()[0]!.dataSync();
    expect(Array.from(again.getLayer('block1_conv').getWeights()[0]!.dataSync())).toEqual(Array.from(first));
    model.dispose();
    again.dispose();
  });

  it('names a bad option', () => {
    expect(() => createDefaultCnn({ classes: 0 })).toThrow(InvalidModelError);
    expect(() => createDefaultCnn({ classes: 3, inputSize: 4 })).toThrow(/inputSize/);
    // A model over the limit of a model file could be built but never saved or loaded.
    expect(() => createSeedCnn({ classes: 3, inputSize: 2048 })).toThrow(
      /inputSize must be .* to 512 \(got 2048\)/,
    );
    expect(() => createSeedCnn({ classes: 3, channels: 2 as 1 })).toThrow(/channels must be 1 or 3/);
  });
});
