import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataset } from '@shapes/data';
import { encodePng } from '@shapes/data/node';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Classifier, classifierOf } from '../classifier.js';
import { loadPretrainedBase } from '../pretrained/load-pretrained-base.js';
import { classify } from './classify-node.js';

let root: string;
let classifier: Classifier;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-classify-'));
  const { model, metadata } = await loadPretrainedBase();
  classifier = classifierOf(model, metadata);
});

afterAll(async () => {
  classifier.model.dispose();
  await fs.rm(root, { recursive: true, force: true });
});

/** A generated colour shape at 100x100 (not the model's 64x64 gray), as RGB bytes and as RGBA. */
function picture(shape: string, seed: number) {
  const data = createDataset({ shapes: [shape], perClass: 1, seed, size: 100, channels: 3 });
  const rgb = data.images as Uint8Array;
  const rgba = new Uint8ClampedArray(100 * 100 * 4);
  for (let i = 0; i < 100 * 100; i++) rgba.set([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, 255], i * 4);
  return { rgb, rgba };
}

describe('classify (Node)', () => {
  it('gives the same answer for a PNG file, its bytes, ImageData, a tensor and the decoded pixels', async () => {
    for (const [shape, seed] of [
      ['circle', 3],
      ['square', 4],
      ['triangle', 5],
    ] as const) {
      const { rgb, rgba } = picture(shape, seed);
      const png = encodePng(rgb, 100, 100, 3);
      const file = path.join(root, `${shape}.png`);
      await fs.writeFile(file, png);
      const tensor = tf.tensor3d(rgb, [100, 100, 3], 'int32');
      const unit = tf.tidy(() => tf.div(tf.cast(tensor, 'float32'), 255));
      const answers = await classify(classifier, [
        file,
        Buffer.from(png),
        { data: rgba, width: 100, height: 100 } as unknown as ImageData,
        tensor,
        unit,
        { data: rgb, width: 100, height: 100, channels: 3 },
      ]);
      tf.dispose([tensor, unit]);
      expect(answers[0]?.[0]?.className).toBe(shape);
      for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
      // The method on the classifier answers the same for the in-memory kinds.
      expect(await classifier.classify({ data: rgb, width: 100, height: 100, channels: 3 })).toEqual(
        answers[0],
      );
    }
  });

  it('answers unknown for a shape the base does not know, and keeps topK', async () => {
    const others = createDataset({ shapes: ['star', 'spiral', 'cross'], perClass: 4, seed: 9, size: 64 });
    const sources = Array.from({ length: others.shape[0] }, (_, i) => ({
      data: (others.images as Uint8Array).subarray(i * 64 * 64, (i + 1) * 64 * 64),
      width: 64,
      height: 64,
      channels: 1 as const,
    }));
    const answers = await classify(classifier, sources, { topK: 2 });
    const unknown = answers.filter((a) => a[0]?.className === 'unknown');
    expect(unknown.length).toBeGreaterThan(0);
    for (const [first, nearest] of unknown) {
      expect(first?.probability).toBeCloseTo(1 - nearest!.probability, 5);
      expect(classifier.classNames).toContain(nearest?.className);
    }
    for (const a of answers) expect(a).toHaveLength(2);
  });

  it('names the file it cannot read', async () => {
    await expect(classify(classifier, path.join(root, 'missing.jpg'))).rejects.toThrow(
      /missing\.jpg" does not exist/,
    );
  });
});
