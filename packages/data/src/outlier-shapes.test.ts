import { describe, expect, it } from 'vitest';
import { createDataset } from './dataset.js';
import { contentHash } from './hash.js';
import { Rng } from './prng.js';
import { BUILTIN_SHAPES, getShape, listShapes } from './shapes.js';

const FAMILIES = ['random-polygon', 'blob', 'zigzag', 'spiral', 'cross'];

describe('outlier shapes', () => {
  it('are registered at load, after the built-in shapes and outside them', () => {
    expect(listShapes()).toEqual([...BUILTIN_SHAPES, 'irregular-polygon', ...FAMILIES]);
    const ds = createDataset({ shapes: ['irregular-polygon', ...FAMILIES], perClass: 2, seed: 1 });
    expect(ds.classNames).toEqual(['irregular-polygon', ...FAMILIES]);
    expect(ds.shape).toEqual([12, 64, 64, 1]);
  });

  it('give finite outlines of their own kind, varied from draw to draw', () => {
    const rng = new Rng(5);
    for (const name of FAMILIES) {
      const outlines = Array.from({ length: 20 }, () => getShape(name).outline(rng));
      for (const o of outlines) {
        expect(o.points.every(Number.isFinite)).toBe(true);
        expect(o.points.length % 2).toBe(0);
        // Corners, or bands and blobs drawn in one stroke.
        expect(o.smooth).toBe(name === 'blob' || name === 'zigzag' || name === 'spiral');
      }
      expect(new Set(outlines.map((o) => o.points.join())).size).toBe(20);
    }
    const corners = Array.from(
      { length: 50 },
      () => getShape('random-polygon').outline(rng).points.length / 2,
    );
    expect(Math.min(...corners)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...corners)).toBeLessThanOrEqual(12);
    expect(getShape('cross').outline(rng).points).toHaveLength(24);
  });

  it('draw the pinned images for a seed', () => {
    // @shapes/train's outlier exposure draws irregular-polygon: trained bases rest on these bytes, so a change
    // here bumps GENERATOR_VERSION.
    const ds = createDataset({ shapes: ['irregular-polygon'], perClass: 50, seed: 7 });
    expect(contentHash(ds)).toBe('f296c3198464759e');
  });

  it('mix the five families in irregular-polygon, one picked per outline', () => {
    const rng = new Rng(5);
    const smooth = Array.from({ length: 200 }, () => getShape('irregular-polygon').outline(rng)).filter(
      (o) => o.smooth,
    ).length;
    // Blobs, zigzags and spirals are smooth; polygons and crosses are not: 3 families in 5.
    expect(smooth).toBeGreaterThan(90);
    expect(smooth).toBeLessThan(150);
  });
});
