import { describe, expect, it } from 'vitest';
import { renderTable } from './table.js';

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
