import { describe, expect, it } from 'vitest';
import { pytorchFields, repeatedRandomBatch, resolveSizes } from './seed-arch.js';

describe('resolveSizes', () => {
  it('takes what is given, else the full defaults, or the smoke ones', () => {
    expect(resolveSizes({ peer: true, smoke: false })).toMatchObject({ perClass: 40, batch: 16, steps: 2 });
    expect(resolveSizes({ peer: true, smoke: true })).toMatchObject({ perClass: 4, batch: 4, steps: 1 });
    expect(resolveSizes({ peer: true, smoke: true, batch: 8, seed: 3 })).toMatchObject({
      perClass: 4,
      batch: 8,
      seed: 3,
    });
  });
});

describe('repeatedRandomBatch', () => {
  it('repeats one seeded batch in [0, 1)', () => {
    const images = repeatedRandomBatch(2, 6, 5, 1);
    expect(images).toHaveLength(30);
    const first = Array.from(images.subarray(0, 10));
    expect(Array.from(images.subarray(10, 20))).toEqual(first);
    expect(Array.from(images.subarray(20, 30))).toEqual(first);
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(first).size).toBe(10);
    expect(Array.from(repeatedRandomBatch(2, 6, 5, 1))).toEqual(Array.from(images));
    expect(Array.from(repeatedRandomBatch(2, 6, 5, 2).subarray(0, 10))).not.toEqual(first);
  });
});

describe('pytorchFields', () => {
  it("spells the peer's rates per second, as the JSON always has", () => {
    const run = {
      peer: 'pytorch',
      net: 'seed',
      torchVersion: '1.13.0a0',
      threads: 2,
      batch: 4,
      steps: 1,
      trainSamplesPerSec: 1.54,
      inferSamplesPerSec: 6.82,
      python: '/usr/bin/python3',
    };
    expect(pytorchFields(run)).toEqual({
      peer: 'pytorch',
      torchVersion: '1.13.0a0',
      threads: 2,
      batch: 4,
      steps: 1,
      trainSamplesPerSecond: 1.54,
      inferSamplesPerSecond: 6.82,
      python: '/usr/bin/python3',
    });
  });
});
