import { describe, expect, it } from 'vitest';
import { renderTable } from './summary.js';

describe('renderTable', () => {
  it('pads each column to its widest cell', () => {
    expect(
      renderTable([
        ['per class', 'transfer'],
        ['1', '80.0% (2.5 s)'],
        ['20', '97.3% (2.9 s)'],
      ]),
    ).toBe(['per class  transfer', '1          80.0% (2.5 s)', '20         97.3% (2.9 s)'].join('\n'));
  });
});
