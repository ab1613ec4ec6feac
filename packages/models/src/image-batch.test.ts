import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapChunks } from './image-batch.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A model whose first layer outputs `filters` values per pixel of a 32x32 image. */
function wide(filters: number): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [32, 32, 1], filters, kernelSize: 1, useBias: false }));
  model.add(tfl.layers.globalAveragePooling2d({}));
  return model;
}

describe('mapChunks', () => {
  it('sends fewer images at a time through a model with large layer outputs, and still covers them all', () => {
    const n = 20;
    const batch = {
      images: new Uint8Array(n * 32 * 32),
      shape: [n, 32, 32, 1] as [number, number, number, number],
    };
    for (const [filters, chunks] of [
      [8, 1], // 8 K values per image: all 20 at once
      [8192, 5], // 8 M values per image: 4 images a chunk keep it within 128 MB
    ] as const) {
      const model = wide(filters);
      const sizes: number[] = [];
      const [out] = mapChunks(model, batch, (x) => {
        sizes.push(x.shape[0]);
        return [tf.mean(x, [1, 2, 3])];
      });
      expect(sizes).toHaveLength(chunks);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
      expect(out).toHaveLength(n);
      model.dispose();
    }
  });
});
