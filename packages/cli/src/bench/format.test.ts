import { describe, expect, it } from 'vitest';
import { formatRate, formatRatio } from './format.js';

describe('formatRate', () => {
  it('groups thousands and keeps a decimal for small rates', () => {
    expect(formatRate(20345.4)).toBe('20,345');
    expect(formatRate(512.6)).toBe('513');
    expect(formatRate(3.42)).toBe('3.4');
    expect(formatRate(null)).toBe('-');
    expect(formatRate(Number.NaN)).toBe('-');
  });
});

describe('formatRatio', () => {
  it('writes two decimals and an x', () => {
    expect(formatRatio(2.4)).toBe('2.40x');
    expect(formatRatio(null)).toBe('-');
  });
});
