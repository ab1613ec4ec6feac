import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataset } from '@shapes/data';
import { writeImageFolder } from '@shapes/data/node';
import type { Classifier, ImageBatch, Prediction } from '@shapes/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateFolder } from './evaluate-folder.js';

let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-evaluate-folder-'));
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/**
 * A classifier of circles and squares that answers by the mean brightness alone: `unknown` above `dark`, else
 * `circle`; enough to check the evaluation's bookkeeping without a model.
 */
function brightnessClassifier(dark: number): Classifier {
  const predict = (batch: ImageBatch): Prediction[] => {
    const [n, h, w, c] = batch.shape;
    const per = h * w * c;
    return Array.from({ length: n }, (_, i) => {
      let sum = 0;
      for (let p = 0; p < per; p++) sum += batch.images[i * per + p] as number;
      const score = 1 - sum / per / 255;
      const unknown = score < dark;
      return {
        label: unknown ? 'unknown' : 'circle',
        index: 0,
        confidence: 1,
        probabilities: Float32Array.of(1, 0),
        unknown,
        score,
      };
    });
  };
  return {
    classNames: ['circle', 'square'],
    inputSize: 16,
    channels: 1,
    head: 'softmax',
    openSet: true,
    predict,
  } as unknown as Classifier;
}

describe('evaluateFolder', () => {
  it("answers every image of the folder in the classifier's format, and counts the classes it does not know", async () => {
    const dir = path.join(tmp, 'folder');
    const ds = createDataset({ shapes: ['circle', 'hexagon'], perClass: 6, size: 24, channels: 3, seed: 2 });
    await writeImageFolder(ds, dir);
    const progress: [number, number][] = [];
    const answered = await evaluateFolder(brightnessClassifier(0), dir, {
      onProgress: (done, total) => progress.push([done, total]),
    });
    // Read at 16x16 gray, whatever the files are.
    expect(answered.data.shape).toEqual([12, 16, 16, 1]);
    expect(progress.at(-1)).toEqual([12, 12]);
    expect(answered.truth.filter((t) => t === 'hexagon')).toHaveLength(6);
    // Every image answered `circle`: right on circles, wrong on the hexagons, none flagged.
    expect(answered.summary.perClass.circle?.recall).toBe(1);
    expect(answered.summary.unknown).toMatchObject({ expected: 6, flagged: 0, classes: ['hexagon'] });
  });
});
