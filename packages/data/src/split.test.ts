import { describe, expect, it } from 'vitest';
import { createDataset } from './dataset.js';
import { contentHash } from './hash.js';
import { Rng } from './prng.js';
import { batches, split, subset } from './split.js';

const ds = createDataset({ shapes: ['circle', 'square', 'triangle'], perClass: 20, seed: 1, size: 16 });
const per = 16 * 16;

// Identify an image by its pixels, to check parts for overlap.
function keys(d: typeof ds): string[] {
  return Array.from({ length: d.shape[0] }, (_, i) =>
    contentHash({
      images: d.images.subarray(i * per, (i + 1) * per),
      labels: new Int32Array(0),
      shape: [1, 16, 16, 1],
    }),
  );
}

describe('split', () => {
  it('splits each class by the fractions, into disjoint parts that cover the dataset', () => {
    const { train, val, test } = split(ds, { train: 0.6, val: 0.2, test: 0.2, seed: 3 });
    expect([train.shape[0], val.shape[0], test.shape[0]]).toEqual([36, 12, 12]);
    for (const part of [train, val, test]) {
      const counts = [0, 0, 0];
      for (const l of part.labels) counts[l]++;
      expect(new Set(counts).size).toBe(1);
    }
    const all = [...keys(train), ...keys(val), ...keys(test)];
    expect(new Set(all).size).toBe(60);
    expect(new Set(all)).toEqual(new Set(keys(ds)));
  });

  it('is seeded', () => {
    const a = split(ds, { train: 0.5, val: 0.25, test: 0.25, seed: 1 });
    const b = split(ds, { train: 0.5, val: 0.25, test: 0.25, seed: 1 });
    const c = split(ds, { train: 0.5, val: 0.25, test: 0.25, seed: 2 });
    expect(contentHash(a.test)).toBe(contentHash(b.test));
    expect(contentHash(a.test)).not.toBe(contentHash(c.test));
  });

  it('keeps identical images in one part, so none is both trained and tested on', () => {
    // Every image twice over (a folder with copied files), and three copies of one.
    const copies = subset(ds, [...Array.from({ length: 60 }, (_, i) => [i, i]).flat(), 7]);
    const { train, val, test } = split(copies, { train: 0.7, val: 0.15, test: 0.15, seed: 5 });
    const [a, b, c] = [new Set(keys(train)), new Set(keys(val)), new Set(keys(test))];
    for (const k of a) expect(b.has(k) || c.has(k)).toBe(false);
    for (const k of b) expect(c.has(k)).toBe(false);
    expect(train.shape[0] + val.shape[0] + test.shape[0]).toBe(121);
    expect(val.shape[0]).toBeGreaterThan(0);
    expect(test.shape[0]).toBeGreaterThan(0);
  });

  it('cuts a dataset without duplicates as a plain seeded shuffle and cut of each class', () => {
    // The reference: shuffle each class's indices (Fisher-Yates on the same Rng) and cut by the fractions.
    const rng = new Rng(3);
    const want: number[] = [];
    for (let c = 0; c < 3; c++) {
      const members = [...ds.labels.keys()].filter((i) => ds.labels[i] === c);
      for (let i = members.length - 1; i > 0; i--) {
        const j = rng.int(0, i + 1);
        [members[i], members[j]] = [members[j] as number, members[i] as number];
      }
      want.push(...members.slice(16));
    }
    const { test } = split(ds, { train: 0.6, val: 0.2, test: 0.2, seed: 3 });
    expect(keys(test)).toEqual(
      keys(
        subset(
          ds,
          want.sort((a, b) => a - b),
        ),
      ),
    );
  });

  it('rejects fractions that do not add up', () => {
    expect(() => split(ds, { train: 0.7, val: 0.2, test: 0.2 })).toThrow(/must be 1/);
  });
});

describe('subset', () => {
  it('copies the chosen images and labels in order', () => {
    const s = subset(ds, [5, 0]);
    expect(Array.from(s.labels)).toEqual([2, 0]);
    expect(s.images.subarray(0, per)).toEqual(ds.images.subarray(5 * per, 6 * per));
    expect(() => subset(ds, [60])).toThrow(/outside/);
  });
});

describe('batches', () => {
  it('visits every image once per epoch, in a seeded order that changes by epoch', () => {
    const epoch0 = [...batches(ds, { batchSize: 16, seed: 1, epoch: 0 })];
    expect(epoch0.map((b) => b.size)).toEqual([16, 16, 16, 12]);
    expect(epoch0[0]?.shape).toEqual([16, 16, 16, 1]);
    const seen = epoch0.flatMap((b) => keys({ ...ds, images: b.images, labels: b.labels, shape: b.shape }));
    expect(new Set(seen)).toEqual(new Set(keys(ds)));
    const again = [...batches(ds, { batchSize: 16, seed: 1, epoch: 0 })];
    const next = [...batches(ds, { batchSize: 16, seed: 1, epoch: 1 })];
    expect(again[0]?.labels).toEqual(epoch0[0]?.labels);
    expect(contentHash({ ...next[0]!, shape: next[0]!.shape })).not.toBe(
      contentHash({ ...epoch0[0]!, shape: epoch0[0]!.shape }),
    );
  });

  it('keeps order without shuffle and drops a short last batch on request', () => {
    const b = [...batches(ds, { batchSize: 25, shuffle: false, dropLast: true })];
    expect(b.length).toBe(2);
    expect(Array.from(b[0]!.labels.subarray(0, 3))).toEqual([0, 1, 2]);
    expect(() => [...batches(ds, { batchSize: 0 })]).toThrow(/batchSize/);
  });
});
