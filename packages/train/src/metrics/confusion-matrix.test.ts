import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ShapesTrainError } from '../errors/shapes-train-error.js';
import { confusionMatrix } from './confusion-matrix.js';

describe('confusionMatrix', () => {
  it('counts actual classes in rows and predicted classes in columns', () => {
    const actual = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    const predicted = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];
    expect(confusionMatrix(actual, predicted, 3)).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [0, 1, 2],
    ]);
  });

  it('accepts typed arrays and keeps rows for classes that never occur', () => {
    expect(confusionMatrix(Int32Array.from([1, 1]), Uint8Array.from([0, 1]), 3)).toEqual([
      [0, 0, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('gives an all-zero matrix for no samples', () => {
    expect(confusionMatrix([], [], 2)).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });

  it('rejects a length mismatch', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/same length, got 2 and 1/);
  });

  it('rejects labels out of range and non-integers, naming the offending index', () => {
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/actual\[1\] is 3, outside the 3 classes/);
    expect(() => confusionMatrix([0, 1], [-1, 1], 3)).toThrow(/predicted\[0\] is -1/);
    expect(() => confusionMatrix([0, 1], [0, 0.7], 3)).toThrow(/predicted\[1\] is 0.7, not an integer/);
    expect(() => confusionMatrix([Number.NaN], [0], 3)).toThrow(/not an integer/);
  });

  it('rejects a class count that is not a positive integer', () => {
    expect(() => confusionMatrix([], [], 0)).toThrow(/classes must be a positive integer/);
    expect(() => confusionMatrix([], [], 2.5)).toThrow(/classes must be a positive integer/);
  });

  it('throws an InvalidArgumentError that is a ShapesTrainError with a stable name', () => {
    try {
      confusionMatrix([0], [5], 2);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toBeInstanceOf(ShapesTrainError);
      expect((error as Error).name).toBe('InvalidArgumentError');
    }
  });
});
