import { Rng } from '@shapes/data';
import { describe, expect, it } from 'vitest';
import { extraPolygons, irregularPolygon } from './base-variants.js';

describe('extraPolygons', () => {
  it("adds none at outlierDataset's own share, and all of them at 1", () => {
    expect(extraPolygons(1000, 0.2)).toBe(0);
    expect(extraPolygons(1000, 1)).toBe(1000);
    expect(extraPolygons(1000, 0.5)).toBe(375);
  });
});

describe('irregularPolygon', () => {
  it('draws 5 to 12 corners within the unit circle, the same for the same seed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { points, smooth } = irregularPolygon(new Rng(seed));
      expect(smooth).toBe(false);
      expect(points.length % 2).toBe(0);
      expect(points.length / 2).toBeGreaterThanOrEqual(5);
      expect(points.length / 2).toBeLessThanOrEqual(12);
      for (let i = 0; i < points.length; i += 2) {
        expect(Math.hypot(points[i]!, points[i + 1]!)).toBeLessThanOrEqual(1 + 1e-9);
      }
      expect(irregularPolygon(new Rng(seed)).points).toEqual(points);
    }
  });
});
