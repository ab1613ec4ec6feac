import { describe, expect, it } from 'vitest';
import { median, rejects, thresholdKeeping } from './threshold.js';

describe('thresholdKeeping', () => {
  it('is the largest threshold that keeps at least the rate of the scores', () => {
    const scores = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 1.0];
    expect(thresholdKeeping(scores, 0.8)).toBe(0.3);
    expect(scores.filter((s) => s >= 0.3)).toHaveLength(8);
    expect(thresholdKeeping(scores, 0.75)).toBe(0.3);
    expect(thresholdKeeping(scores, 1)).toBe(0.1);
    expect(thresholdKeeping([0.4], 0.5)).toBe(0.4);
  });
});

describe('rejects', () => {
  it('answers unknown below the threshold and for a score that is not a number, never without a threshold', () => {
    expect(rejects(0.29, 0.3)).toBe(true);
    expect(rejects(0.3, 0.3)).toBe(false);
    expect(rejects(Number.NaN, 0.3)).toBe(true);
    expect(rejects(-5, undefined)).toBe(false);
    expect(rejects(Number.NaN, undefined)).toBe(false);
  });
});

describe('median', () => {
  it('is the middle value, the upper one of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median(Float32Array.from([4, 1, 3, 2]))).toBe(3);
  });
});
