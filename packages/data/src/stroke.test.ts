import { describe, expect, it } from 'vitest';
import { Rasterizer } from './rasterize.js';
import { strokePolyline } from './stroke.js';

const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);

describe('strokePolyline', () => {
  it('strokes a closed square as a ring of exactly the right area', () => {
    const r = new Rasterizer();
    for (const p of strokePolyline([10, 10, 30, 10, 30, 30, 10, 30], true, 1.5)) r.addPolygon(p);
    const m = r.coverage(40, 40);
    // Outer 23x23 minus inner 17x17.
    expect(sum(m)).toBeCloseTo(23 * 23 - 17 * 17, 4);
    expect(m[20 * 40 + 20]).toBe(0);
    expect(m[10 * 40 + 20]).toBeCloseTo(1, 6);
  });

  it.each([
    [0.5, 3],
    [2, 5],
    [4, 6],
  ])('strokes an open segment of half-width %d as a capsule with %d-segment caps', (hw, steps) => {
    const r = new Rasterizer();
    for (const p of strokePolyline([10, 20, 30, 20], false, hw)) r.addPolygon(p);
    const m = r.coverage(40, 40);
    // A 20 x 2hw rectangle plus two polygonal half-discs, of as few segments as keep within 0.1 px of the arc.
    const capArea = 0.5 * steps * hw * hw * Math.sin(Math.PI / steps);
    expect(sum(m)).toBeCloseTo(20 * 2 * hw + 2 * capArea, 3);
    expect(m[20 * 40 + 5]).toBe(0);
    expect(m[19 * 40 + 20]).toBeCloseTo(Math.min(1, hw), 6);
  });

  it('mitres sharp closed corners without leaving holes', () => {
    const r = new Rasterizer();
    // A thin star-like spike: the inner loop must not cancel the outer.
    for (const p of strokePolyline([5, 20, 35, 18, 35, 22], true, 1)) r.addPolygon(p);
    const m = r.coverage(40, 40);
    expect(Math.max(...m)).toBeLessThanOrEqual(1);
    expect(sum(m)).toBeGreaterThan(50);
  });
});
