import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataset } from '@shapes/data';
import { writeImageFolder } from '@shapes/data/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { imageHashes } from '../overlap.js';
import { folderSets, generatedSets } from './training-sets.js';

const FORMAT = { inputSize: 16, channels: 1 } as const;
let tmp: string;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-training-sets-'));
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** How many images of `a` are also in `b`. */
function shared(a: Parameters<typeof imageHashes>[0], b: Parameters<typeof imageHashes>[0]): number {
  const seen = imageHashes(a);
  return [...imageHashes(b)].filter((h) => seen.has(h)).length;
}

describe('generatedSets', () => {
  it('draws validation and test images from their own seeds, so none is a training image', async () => {
    const sets = await generatedSets({
      shapes: ['circle', 'square'],
      perClass: 30,
      valPerClass: 10,
      testPerClass: 12,
      seed: 3,
      preset: 'default',
      format: FORMAT,
    });
    expect(sets.train.shape).toEqual([60, 16, 16, 1]);
    expect(sets.val.shape[0]).toBe(20);
    expect(sets.test.shape[0]).toBe(24);
    expect(shared(sets.train, sets.val) + shared(sets.train, sets.test)).toBe(0);
    expect(sets.provenance).toMatchObject({ source: 'generator', shapes: ['circle', 'square'], seed: 3 });
  });
});

describe('folderSets', () => {
  it('cuts an ImageFolder 70/15/15 within each class', async () => {
    const dir = path.join(tmp, 'even');
    await writeImageFolder(
      createDataset({ shapes: ['circle', 'star'], perClass: 20, size: 16, seed: 1 }),
      dir,
    );
    const sets = await folderSets(dir, FORMAT, 1);
    const count = (labels: Int32Array, c: number) => labels.filter((l) => l === c).length;
    for (const c of [0, 1]) {
      expect([count(sets.train.labels, c), count(sets.val.labels, c), count(sets.test.labels, c)]).toEqual([
        14, 3, 3,
      ]);
    }
    expect(sets.provenance).toMatchObject({ source: 'image-folder', root: dir, images: 40 });
  });

  it('names the classes with too few images to hold some out', async () => {
    const dir = path.join(tmp, 'few');
    await writeImageFolder(
      createDataset({ shapes: ['circle', 'star'], perClass: 4, size: 16, seed: 1 }),
      dir,
    );
    const refused = folderSets(dir, FORMAT, 1);
    await expect(refused).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(refused).rejects.toThrow(/classes "circle", "star" of .* have fewer than 10 images/);
    await expect(folderSets(dir, FORMAT, 1, { minPerClass: 4 })).resolves.toBeDefined();
  });
});
