import { Rng } from '@shapes/data';
import { describe, expect, it } from 'vitest';
import { batchOf, render, variantsOf } from './drawings.js';

const square = (): [number, number][] => [
  [50, 50],
  [206, 50],
  [206, 206],
  [50, 206],
  [50, 50],
];

describe('variantsOf', () => {
  it('draws each variant with its own pen, near the original, the same for the same seed', () => {
    const drawn = variantsOf(square, 5, new Rng(1));
    expect(drawn).toHaveLength(5);
    for (const { points, pen } of drawn) {
      expect(points).toHaveLength(5);
      expect(pen).toBeGreaterThanOrEqual(7);
      expect(pen).toBeLessThan(16);
      // A turn of at most 0.5 rad and a stretch of at most 1.15x keep every corner on the pad.
      for (const [x, y] of points) {
        expect(Math.hypot(x - 128, y - 128)).toBeLessThan(1.15 * Math.hypot(78, 78) + 3);
      }
    }
    expect(variantsOf(square, 5, new Rng(1))).toEqual(drawn);
    expect(variantsOf(square, 5, new Rng(2))).not.toEqual(drawn);
  });
});

describe('render', () => {
  it('frames a stroke as dark ink on white at the size asked', () => {
    const image = render(square(), 12, 64);
    expect(image).toHaveLength(64 * 64);
    const ink = image.filter((v) => v < 128).length;
    expect(ink).toBeGreaterThan(100);
    expect(ink).toBeLessThan((64 * 64) / 2);
  });
});

describe('batchOf', () => {
  it('puts the images one after the other', () => {
    const a = new Uint8Array(4).fill(1);
    const b = new Uint8Array(4).fill(2);
    expect(batchOf([a, b], 2)).toEqual({
      images: Uint8Array.from([1, 1, 1, 1, 2, 2, 2, 2]),
      shape: [2, 2, 2, 1],
    });
  });
});
