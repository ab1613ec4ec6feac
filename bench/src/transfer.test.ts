import { describe, expect, it } from 'vitest';
import { curveSummary, pointLine } from './transfer.js';

describe('curveSummary', () => {
  it('rounds accuracy to 4 decimals and time to 1', () => {
    const spread = { mean: 0.912345, std: 0.0123456, min: 0.9, max: 0.93333, n: 3 };
    const seconds = { mean: 2.345, std: 0.1, min: 2.2, max: 2.5, n: 3 };
    expect(curveSummary([{ method: 'transfer', shots: 20, accuracy: spread, seconds }])).toEqual([
      {
        method: 'transfer',
        shots: 20,
        accuracy: { mean: 0.9123, std: 0.0123, min: 0.9, max: 0.9333 },
        seconds: 2.3,
      },
    ]);
  });
});

describe('pointLine', () => {
  it('says the method, shots, seed, accuracy and time', () => {
    expect(pointLine({ method: 'scratch', shots: 5, seed: 2, accuracy: 0.8567, seconds: 12.34 })).toBe(
      'scratch 5 shots seed 2: 85.7% in 12.3 s',
    );
  });
});
