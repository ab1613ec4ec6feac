import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseNameList, parseNumber, parseNumberList } from './options.js';

describe('parseNumber', () => {
  it('reads numbers as Number() does', () => {
    expect(parseNumber('3000')).toBe(3000);
    expect(parseNumber('3e-3')).toBe(0.003);
    expect(parseNumber('0.5')).toBe(0.5);
  });

  it('refuses what is not a finite number', () => {
    for (const bad of ['', ' ', 'abc', '1,2', 'Infinity']) {
      expect(() => parseNumber(bad)).toThrow(InvalidArgumentError);
    }
  });
});

describe('lists', () => {
  it('split on commas', () => {
    expect(parseNumberList('1,2,5')).toEqual([1, 2, 5]);
    expect(() => parseNumberList('1,,2')).toThrow(InvalidArgumentError);
    expect(parseNameList('circle, square,,triangle')).toEqual(['circle', 'square', 'triangle']);
  });
});
