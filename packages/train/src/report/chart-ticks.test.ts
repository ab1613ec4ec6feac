import { describe, expect, it } from 'vitest';
import { linearTicks, logTicks, niceCeil, niceStep } from './chart-ticks.js';

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(1, 5)).toBe(0.2);
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(100, 4)).toBe(50);
  });
});

describe('niceCeil', () => {
  it('rounds a maximum up to a round axis top', () => {
    expect(niceCeil(0.83)).toBe(1);
    expect(niceCeil(2.3)).toBe(2.5);
    expect(niceCeil(1)).toBe(1);
  });

  it('gives 1 for an empty or broken range', () => {
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(Number.NaN)).toBe(1);
  });
});

describe('linearTicks', () => {
  it('gives round ticks without floating-point noise', () => {
    expect(linearTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(linearTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
  });

  it('keeps only whole numbers for epochs', () => {
    expect(linearTicks(1, 3, 6, true)).toEqual([1, 2, 3]);
    expect(linearTicks(0.5, 1.5, 6, true)).toEqual([1]);
    expect(linearTicks(1, 40, 6, true)).toEqual([10, 20, 30, 40]);
    expect(linearTicks(1, 12, 6, true)).toEqual([2, 4, 6, 8, 10, 12]);
  });
});

describe('logTicks', () => {
  it('gives the shots a reader expects', () => {
    expect(logTicks(1, 100)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(logTicks(3, 40)).toEqual([5, 10, 20]);
  });

  it('falls back to the ends of a narrow range', () => {
    expect(logTicks(3, 4)).toEqual([3, 4]);
  });

  it('gives nothing for a range a log axis cannot show', () => {
    expect(logTicks(0, 10)).toEqual([]);
  });
});
