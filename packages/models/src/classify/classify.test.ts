import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifierOf } from '../classifier.js';
import { createMetadata } from '../metadata.js';
import { pixelModel } from '../test-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Pixel 0 lit scores circle, pixel 1 lit scores square; a dark image scores neither (a uniform softmax).
const weights = () => Array.from({ length: 16 }, (_, i) => (i === 0 ? [5, 0] : i === 1 ? [0, 5] : [0, 0]));

/** A 4x4 RGBA picture (as a canvas gives it) with pixel `lit` white and the rest black. */
function rgbaWith(lit: number): { data: Uint8ClampedArray; width: number; height: number } {
  const data = new Uint8ClampedArray(64);
  for (let i = 0; i < 16; i++) data.set(i === lit ? [255, 255, 255, 255] : [0, 0, 0, 255], i * 4);
  return { data, width: 4, height: 4 };
}

describe('Classifier.classify', () => {
  const model = pixelModel(weights());
  const classifier = classifierOf(
    model,
    createMetadata(model, {
      classNames: ['circle', 'square'],
      openSet: { method: 'softmax', threshold: 0.9, knownRate: 0.99 },
    }),
  );

  it('answers [{ className, probability }] best first, from ImageData and from a tensor alike', async () => {
    const fromImageData = await classifier.classify(rgbaWith(1) as unknown as ImageData);
    expect(fromImageData.map((c) => c.className)).toEqual(['square', 'circle']);
    expect(fromImageData[0]?.probability).toBeCloseTo(1 / (1 + Math.exp(-5)), 5);
    expect(fromImageData[0]!.probability + fromImageData[1]!.probability).toBeCloseTo(1, 5);
    const tensor = tf.tensor3d(Int32Array.from(rgbaWith(1).data), [4, 4, 4], 'int32');
    expect(await classifier.classify(tensor)).toEqual(fromImageData);
    tensor.dispose();
    expect(await classifier.classify(rgbaWith(0) as unknown as ImageData, { topK: 1 })).toEqual([
      { className: 'circle', probability: expect.closeTo(0.9933, 3) },
    ]);
  });

  it('answers unknown first when the rule rejects the picture, and one list per source for an array', async () => {
    const dark = { data: new Uint8Array(16), width: 4, height: 4, channels: 1 as const };
    const [known, rejected] = await classifier.classify([rgbaWith(0) as unknown as ImageData, dark]);
    expect(known?.[0]?.className).toBe('circle');
    expect(rejected).toEqual([
      { className: 'unknown', probability: 0.5 },
      { className: 'circle', probability: 0.5 },
      { className: 'square', probability: 0.5 },
    ]);
    expect(await classifier.classify([])).toEqual([]);
  });

  it('resizes a larger picture to the input size before answering', async () => {
    // An 8x8 gray picture whose top-left 2x2 block is white: pixel 0 of the 4x4 input.
    const big = new Uint8Array(64);
    for (const i of [0, 1, 8, 9]) big[i] = 255;
    const [best] = await classifier.classify({ data: big, width: 8, height: 8, channels: 1 });
    expect(best?.className).toBe('circle');
  });

  it('rejects a bad source or topK with a message that names it', async () => {
    await expect(classifier.classify('x.png' as unknown as ImageData)).rejects.toThrow(
      /file paths are read by classify of @shapes\/models\/node/,
    );
    await expect(classifier.classify(rgbaWith(0) as unknown as ImageData, { topK: 0 })).rejects.toThrow(
      /topK must be/,
    );
  });
});
