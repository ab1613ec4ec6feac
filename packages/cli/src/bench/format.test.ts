import { describe, expect, it } from 'vitest';
import { formatRate, formatRatio, renderTable } from './table.js';

describe('renderTable', () => {
  it('aligns labels left and numbers right', () => {
    const text = renderTable([
      ['', 'ours', 'PyTorch', 'ratio'],
      ['train samples/s', '512', '49.3', '10.39x'],
      ['infer samples/s', '1,800', '151.5', '-'],
    ]);
    expect(text.split('\n')).toEqual([
      '                  ours  PyTorch   ratio',
      'train samples/s    512     49.3  10.39x',
      'infer samples/s  1,800    151.5       -',
    ]);
  });

  it('copes with short rows and no rows', () => {
    expect(renderTable([['a', '1'], ['long label']])).toBe('a           1\nlong label');
    expect(renderTable([])).toBe('');
  });
});

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
