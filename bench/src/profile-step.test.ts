import { describe, expect, it } from 'vitest';
import { kernelRow, kernelTotals } from './profile-step.js';

describe('kernelTotals', () => {
  it('sums time and calls per kernel, the slowest first', () => {
    const kernels = [
      { name: 'Conv2D', kernelTimeMs: 2 },
      { name: 'Relu', kernelTimeMs: 0.5 },
      { name: 'Conv2D', kernelTimeMs: 3 },
      { name: 'Conv2DBackpropFilter', kernelTimeMs: 9 },
      { name: 'Relu', kernelTimeMs: { error: 'no timer' } },
    ];
    expect(kernelTotals(kernels)).toEqual([
      { name: 'Conv2DBackpropFilter', ms: 9, calls: 1 },
      { name: 'Conv2D', ms: 5, calls: 2 },
      { name: 'Relu', ms: 0.5, calls: 2 },
    ]);
    expect(kernelTotals(kernels, 1)).toHaveLength(1);
  });
});

describe('kernelRow', () => {
  it('aligns the name, the time and the calls', () => {
    expect(kernelRow({ name: 'Conv2D', ms: 41.25, calls: 3 })).toBe(
      'Conv2D                       41.3 ms  3 calls',
    );
  });
});
