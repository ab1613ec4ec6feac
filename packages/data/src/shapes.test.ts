import { describe, expect, it } from 'vitest';
import { createDataset } from './dataset.js';
import { InvalidOptionError } from './errors/invalid-option-error.js';
import { Rng } from './prng.js';
import { BUILTIN_SHAPES, getShape, listShapes, registerShape, starPolygon } from './shapes.js';

describe('shape registry', () => {
  it('has the built-in shapes with lower-case names', () => {
    expect(BUILTIN_SHAPES).toEqual([
      'circle',
      'ellipse',
      'square',
      'rectangle',
      'triangle',
      'pentagon',
      'hexagon',
      'octagon',
      'star',
      'diamond',
    ]);
  });

  it('gives outlines inside the unit circle, with the right corner counts', () => {
    const rng = new Rng(1);
    const corners: Record<string, number> = {
      square: 4,
      triangle: 3,
      pentagon: 5,
      hexagon: 6,
      octagon: 8,
      star: 10,
    };
    for (const name of BUILTIN_SHAPES) {
      const o = getShape(name).outline(rng);
      for (let i = 0; i < o.points.length; i += 2) {
        expect(Math.hypot(o.points[i] as number, o.points[i + 1] as number)).toBeLessThanOrEqual(1.25);
      }
      if (name in corners) expect(o.points.length / 2).toBe(corners[name]);
    }
    expect(getShape('circle').outline(rng).smooth).toBe(true);
    expect(getShape('square').outline(rng).smooth).toBe(false);
  });

  it('makes stars from points and inner ratio', () => {
    const s = starPolygon(6, 0.5);
    expect(s.length).toBe(24);
    expect(Math.hypot(s[2] as number, s[3] as number)).toBeCloseTo(0.5);
    expect(() => starPolygon(2, 0.5)).toThrow(InvalidOptionError);
    expect(() => starPolygon(5, 1.2)).toThrow(/inner ratio/);
  });

  it('registers a polygon shape, normalised to the unit circle, usable as a class', () => {
    registerShape({
      name: 'arrow',
      polygon: [
        [0, -10],
        [6, 0],
        [2, 0],
        [2, 10],
        [-2, 10],
        [-2, 0],
        [-6, 0],
      ],
    });
    expect(listShapes()).toContain('arrow');
    const pts = getShape('arrow').outline(new Rng(0)).points;
    const r = Math.max(
      ...Array.from({ length: pts.length / 2 }, (_, i) =>
        Math.hypot(pts[2 * i] as number, pts[2 * i + 1] as number),
      ),
    );
    expect(r).toBeCloseTo(1);
    const ds = createDataset({ shapes: ['arrow', 'circle'], perClass: 2 });
    expect(ds.classNames).toEqual(['arrow', 'circle']);
  });

  it('registers a shape from an outline function', () => {
    registerShape({
      name: 'half-moon',
      outline: () => ({ points: [1, 0, 0, 1, -1, 0, 0, 0.3], smooth: false }),
    });
    expect(createDataset({ shapes: ['half-moon'], perClass: 1 }).shape[0]).toBe(1);
  });

  it('refuses bad names, duplicates and degenerate polygons', () => {
    expect(() => registerShape({ name: 'Big Star', polygon: [0, 0, 1, 0, 0, 1] })).toThrow(/lower-case/);
    expect(() => registerShape({ name: 'circle', polygon: [0, 0, 1, 0, 0, 1] })).toThrow(
      /already registered/,
    );
    expect(() => registerShape({ name: 'line', polygon: [0, 0, 1, 1] })).toThrow(/at least 3 vertices/);
    expect(() => getShape('kite-tail')).toThrow(/Unknown shape "kite-tail"/);
  });
});
