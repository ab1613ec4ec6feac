import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from './format-number.js';

describe('formatPercent', () => {
  it('shows a fraction as a percentage', () => {
    expect(formatPercent(0.923)).toBe('92.3%');
    expect(formatPercent(1, 0)).toBe('100%');
  });

  it('shows a dash for a diverged value', () => {
    expect(formatPercent(Number.NaN)).toBe('–');
    expect(formatPercent(Number.POSITIVE_INFINITY)).toBe('–');
  });
});

describe('formatNumber', () => {
  it('keeps three significant digits whatever the magnitude', () => {
    expect(formatNumber(0.012345)).toBe('0.0123');
    expect(formatNumber(1.23456)).toBe('1.23');
    expect(formatNumber(0.001)).toBe('0.001');
    expect(formatNumber(2)).toBe('2');
  });

  it('shows a dash for NaN', () => {
    expect(formatNumber(Number.NaN)).toBe('–');
  });
});
