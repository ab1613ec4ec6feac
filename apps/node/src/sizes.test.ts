import { describe, expect, it } from 'vitest';
import { FULL, QUICK, resolveSizes } from './sizes.js';

describe('resolveSizes', () => {
  it('gives the preset untouched when nothing is set', () => {
    expect(resolveSizes(false, {})).toEqual(FULL);
    expect(resolveSizes(true, { shots: undefined })).toEqual(QUICK);
  });

  it('lays options over the preset and calls the result custom', () => {
    expect(resolveSizes(true, { basePerClass: 10, curveSeeds: [1, 2] })).toEqual({
      ...QUICK,
      basePerClass: 10,
      curveSeeds: [1, 2],
      name: 'custom',
    });
  });

  it('keeps the full experiment the one @shapes/train measured', () => {
    expect(FULL).toMatchObject({ basePerClass: 2000, baseEpochs: 3, curveShots: [1, 2, 5, 10, 20, 50, 100] });
    expect(FULL.curveSeeds).toEqual([1, 2, 3]);
  });
});
