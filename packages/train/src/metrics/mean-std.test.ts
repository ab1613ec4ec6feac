import { describe, expect, it } from 'vitest';
import { meanStd } from './mean-std.js';

describe('meanStd', () => {
  it('gives the mean and the sample (n - 1) standard deviation', () => {
    // Deviations from the mean 5: -3, -1, -1, -1, 0, 0, 2, 4; squares sum to 32; 32 / 7.
    const summary = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(summary.mean).toBe(5);
    expect(summary.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(summary).toMatchObject({ min: 2, max: 9, n: 8 });
  });

  it('stays accurate for values with a large common offset', () => {
    const summary = meanStd(Float64Array.from([1e9 + 1, 1e9 + 2, 1e9 + 3]));
    expect(summary.mean).toBe(1e9 + 2);
    expect(summary.std).toBe(1);
  });

  it('reports std 0 for a single value', () => {
    expect(meanStd([0.42])).toEqual({ mean: 0.42, std: 0, min: 0.42, max: 0.42, n: 1 });
  });

  it('rejects empty input and non-finite values', () => {
    expect(() => meanStd([])).toThrow(/at least one value/);
    expect(() => meanStd([1, Number.NaN])).toThrow(/values\[1\] is NaN/);
    expect(() => meanStd([Number.POSITIVE_INFINITY])).toThrow(/finite/);
  });
});
