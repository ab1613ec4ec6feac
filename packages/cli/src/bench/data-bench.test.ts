import { describe, expect, it } from 'vitest';
import { bestRun, measureDrawing } from './data-bench.js';

describe('bestRun', () => {
  it('takes the fastest run', () => {
    expect(bestRun([{ imagesPerSec: 3 }, { imagesPerSec: 5, n: 2 }, { imagesPerSec: 4 }])).toEqual({
      imagesPerSec: 5,
      n: 2,
    });
    expect(bestRun([])).toBeNull();
  });
});

describe('measureDrawing', () => {
  it('gives a positive rate in fresh and reused memory', async () => {
    for (const reuse of [false, true]) {
      const rate = await measureDrawing('default', { perClass: 30, workers: 2, reuse });
      expect(Number.isInteger(rate)).toBe(true);
      expect(rate).toBeGreaterThan(0);
    }
  });
});
