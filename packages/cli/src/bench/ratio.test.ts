import { describe, expect, it } from 'vitest';
import { ratio, round } from './ratio.js';

describe('ratio', () => {
  it('divides to two decimals', () => {
    expect(ratio(300, 100)).toBe(3);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(2, 3)).toBe(0.67);
  });

  it('is null when a side is missing, zero, negative or not finite', () => {
    expect(ratio(100, undefined)).toBeNull();
    expect(ratio(null, 100)).toBeNull();
    expect(ratio(100, 0)).toBeNull();
    expect(ratio(0, 100)).toBeNull();
    expect(ratio(-1, 100)).toBeNull();
    expect(ratio(100, Number.POSITIVE_INFINITY)).toBeNull();
    expect(ratio(Number.NaN, 100)).toBeNull();
  });
});

describe('round', () => {
  it('rounds to the digits asked', () => {
    expect(round(12.345)).toBe(12.3);
    expect(round(12.345, 0)).toBe(12);
    expect(round(0.126, 2)).toBe(0.13);
  });
});
