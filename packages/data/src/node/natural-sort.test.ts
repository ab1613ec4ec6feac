import { describe, expect, it } from 'vitest';
import { naturalCompare } from './natural-sort.js';

describe('naturalCompare', () => {
  it('orders digit runs by value', () => {
    const names = ['10.png', '2.png', '1.png', 'img10.png', 'img9.png', '100.png', '20.png'];
    expect(names.sort(naturalCompare)).toEqual([
      '1.png',
      '2.png',
      '10.png',
      '20.png',
      '100.png',
      'img9.png',
      'img10.png',
    ]);
  });

  it('handles zero padding, prefixes and very long numbers deterministically', () => {
    const names = [
      'a1.png',
      'a.png',
      'a01.png',
      'a001.png',
      'a0.png',
      'a99999999999999999999.png',
      'a100000000000000000000.png',
    ];
    expect(names.sort(naturalCompare)).toEqual([
      'a.png',
      'a0.png',
      'a001.png',
      'a01.png',
      'a1.png',
      'a99999999999999999999.png',
      'a100000000000000000000.png',
    ]);
  });

  it('compares text by code unit, not locale', () => {
    expect(['b.png', 'B.png', 'a.png'].sort(naturalCompare)).toEqual(['B.png', 'a.png', 'b.png']);
    expect(naturalCompare('x', 'x')).toBe(0);
  });
});
