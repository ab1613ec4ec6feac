import { contentHash, createDataset, getShape, Rng } from '@shapes/data';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseModel, easyData } from '../test-fixtures.js';
import { OUTLIER_LABEL, Trainer } from '../trainer.js';
import { concatDatasets, OUTLIER_SHAPE, outlierDataset, withUnknowns } from './outliers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('outlier exposure', () => {
  it('makes the same labelled-as-none images from the same seed', () => {
    const a = outlierDataset(6, 3, ['circle', 'square']);
    const b = outlierDataset(6, 3, ['circle', 'square']);
    expect(a.shape).toEqual([6, 64, 64, 1]);
    expect(Array.from(a.labels)).toEqual(new Array(6).fill(OUTLIER_LABEL));
    expect(a.classNames).toEqual(['circle', 'square']);
    expect(b.images).toEqual(a.images);
    expect(outlierDataset(6, 4, ['circle']).images).not.toEqual(a.images);
  });

  it('draws the pinned images for a seed', () => {
    // Trained bases and the measurements in the READMEs rest on these bytes, drawn by @shapes/data's shape.
    expect(contentHash(outlierDataset(50, 7, ['circle']))).toBe('7062041bc8f86115');
  });

  it('draws "none of these" from several families: polygons and crosses, blobs, zigzags and spirals', () => {
    const rng = new Rng(5);
    const outlines = Array.from({ length: 200 }, () => getShape(OUTLIER_SHAPE).outline(rng));
    const smooth = outlines.filter((o) => o.smooth).length;
    // Blobs, zigzags and spirals are smooth; polygons and crosses are not: 3 families in 5.
    expect(smooth).toBeGreaterThan(90);
    expect(smooth).toBeLessThan(150);
    expect(new Set(outlines.map((o) => o.points.length)).size).toBeGreaterThan(20);
    for (const o of outlines) expect(o.points.every(Number.isFinite)).toBe(true);
  });

  it('trains outliers towards equal probabilities and known images towards their class', async () => {
    const { train, test } = easyData(40);
    // Outliers: bright everywhere, a band in no class's place.
    const n = 60;
    const outliers = {
      ...train,
      images: new Uint8Array(n * 256).fill(230),
      labels: new Int32Array(n).fill(-1),
      shape: [n, 16, 16, 1] as [number, number, number, number],
    };
    const model = denseModel(4);
    const trainer = new Trainer({ model, seed: 1, learningRate: 1e-2, batchSize: 16 });
    const { history } = await trainer.fit(concatDatasets(train, outliers), { epochs: 12 });
    // Outliers have no right answer, so the training accuracy is over the labelled images alone.
    expect(history.at(-1)!.accuracy).toBeGreaterThan(0.9);
    const p = await trainer.predictProbabilities({
      images: outliers.images.subarray(0, 256),
      shape: [1, 16, 16, 1],
    });
    // Near 1/3 each, where a closed-set model would pick a class.
    expect(Math.max(...p)).toBeLessThan(0.42);
    expect(Math.min(...p)).toBeGreaterThan(0.25);
    expect((await trainer.evaluate(test)).accuracy).toBeGreaterThan(0.9);
    await expect(trainer.fit(train, { epochs: 1, val: outliers })).rejects.toThrow(
      /Label -1 of validation image 0/,
    );
    trainer.dispose();
    model.dispose();
  });
});

describe('withUnknowns', () => {
  it('appends images of unknown classes and names every image by its true class', () => {
    const known = createDataset({ shapes: ['circle', 'square'], perClass: 2, seed: 1 });
    const unknown = createDataset({ shapes: ['hexagon'], perClass: 3, seed: 2 });
    const { data, truth } = withUnknowns(known, unknown);
    expect(data.shape[0]).toBe(7);
    expect(data.classNames).toEqual(['circle', 'square']);
    expect(truth).toEqual(['circle', 'square', 'circle', 'square', 'hexagon', 'hexagon', 'hexagon']);
    expect(Array.from(data.images.subarray(4 * 64 * 64, 5 * 64 * 64))).toEqual(
      Array.from(unknown.images.subarray(0, 64 * 64)),
    );
  });
});
