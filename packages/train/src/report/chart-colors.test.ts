import { describe, expect, it } from 'vitest';
import { seriesColors } from './chart-colors.js';

describe('seriesColors', () => {
  it('gives the named methods their fixed colours, in any order', () => {
    const [a, b, c] = seriesColors(['transfer', 'scratch', 'prototype']);
    expect(seriesColors(['prototype', 'scratch', 'transfer'])).toEqual([c, b, a]);
  });

  it('never gives two series of one chart the same colour', () => {
    const colors = seriesColors(['transfer', 'other', 'transfer (frozen)', 'x', 'y', 'scratch']);
    expect(new Set(colors).size).toBe(colors.length);
  });
});
