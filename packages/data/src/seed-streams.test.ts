import { describe, expect, it } from 'vitest';
import { createDataset } from './dataset.js';
import { contentHash } from './hash.js';
import { CURVE_TEST_SEED, examplesSeed, SEED_STREAMS, seedOf } from './seed-streams.js';

describe('seed streams', () => {
  it('give each set of a run its own seed, apart from the examples and the curve test set', () => {
    const seeds = [1, 2, 3, 7].flatMap((seed) =>
      Object.keys(SEED_STREAMS).map((s) => seedOf(seed, s as never)),
    );
    expect(new Set(seeds).size).toBe(seeds.length);
    for (const seed of [1, 2, 3]) {
      for (const shots of [1, 5, 20]) expect(seeds).not.toContain(examplesSeed(seed, shots));
    }
    expect(seeds).not.toContain(CURVE_TEST_SEED);
  });

  it('draw other images for the validation and test streams of the same run', () => {
    const draw = (seed: number) =>
      contentHash(createDataset({ shapes: ['circle'], perClass: 4, size: 16, seed }));
    expect(draw(seedOf(1, 'validation'))).not.toBe(draw(seedOf(1, 'test')));
    expect(seedOf(1, 'train')).toBe(1);
  });
});
