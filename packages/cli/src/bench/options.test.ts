import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/usage-error.js';
import {
  checkModelOrArch,
  inferBatch,
  parseArch,
  parseBatch,
  parsePerClass,
  parsePreset,
  parseSeconds,
  parseWorkers,
  trainBatch,
} from './options.js';

describe('bench option parsers', () => {
  it('take good values', () => {
    expect(parseArch('bench-cnn')).toBe('bench-cnn');
    expect(parsePreset('seed')).toBe('seed');
    expect(parsePerClass('200')).toBe(200);
    expect(parseWorkers('2')).toBe(2);
    expect(parseBatch('16')).toBe(16);
    expect(parseSeconds('0.5')).toBe(0.5);
  });

  it('refuse bad ones with a UsageError naming the option', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => parseArch('foo'), /^--arch must be one of default, seed, bench-cnn \(got "foo"\)/],
      [() => parsePreset('big'), /^--preset must be one of default, seed/],
      [() => parsePerClass('-1'), /^--per-class must be an integer from 1 to/],
      [() => parsePerClass('0'), /^--per-class/],
      [() => parsePerClass('1.5'), /^--per-class/],
      [() => parseWorkers('0'), /^--workers/],
      [() => parseBatch('x'), /^--batch/],
      [() => parseSeconds('0'), /^--seconds must be a number above 0 \(got "0"\)/],
      [() => parseSeconds('-2'), /^--seconds/],
      [() => parseSeconds('1000'), /^--seconds must be at most 600/],
    ];
    for (const [fn, message] of cases) {
      expect(fn).toThrow(UsageError);
      expect(fn).toThrow(message);
    }
  });
});

describe('batch defaults', () => {
  it('train: 32, or 16 for the seed CNN, unless given', () => {
    expect(trainBatch('default', undefined)).toBe(32);
    expect(trainBatch('bench-cnn', undefined)).toBe(32);
    expect(trainBatch('seed', undefined)).toBe(16);
    expect(trainBatch('seed', 4)).toBe(4);
  });

  it('infer: 64 unless given', () => {
    expect(inferBatch(undefined)).toBe(64);
    expect(inferBatch(8)).toBe(8);
  });
});

describe('checkModelOrArch', () => {
  it('refuses --model with --arch', () => {
    expect(() => checkModelOrArch('m', 'seed')).toThrow(/--model and --arch/);
    expect(() => checkModelOrArch('m', undefined)).not.toThrow();
    expect(() => checkModelOrArch(undefined, 'seed')).not.toThrow();
  });
});
