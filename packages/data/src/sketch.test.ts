import { describe, expect, it } from 'vitest';
import { Rng } from './prng.js';
import { getShape } from './shapes.js';
import { dashed, sketchStrokes } from './sketch.js';

function length(line: Float64Array): number {
  let sum = 0;
  for (let k = 0; k + 3 < line.length; k += 2) {
    sum += Math.hypot(
      (line[k + 2] as number) - (line[k] as number),
      (line[k + 3] as number) - (line[k + 1] as number),
    );
  }
  return sum;
}

describe('dashed', () => {
  it('cuts a line into dashes of the given length, gaps between them, across the steps of the line', () => {
    const pieces: number[][] = [];
    // 100 px along x in uneven steps: the dashes must not depend on where the steps fall.
    const line = new Float64Array([0, 0, 7, 0, 33, 0, 34, 0, 80, 0, 100, 0]);
    dashed((d) => pieces.push(Array.from(d)), 10, 5, 0)(line);
    expect(pieces.map((p) => [p[0], p.at(-2)])).toEqual([
      [0, 10],
      [15, 25],
      [30, 40],
      [45, 55],
      [60, 70],
      [75, 85],
      [90, 100],
    ]);
    for (const p of pieces) expect(length(new Float64Array(p))).toBeCloseTo(10, 9);
  });

  it('starts part of the way into a dash', () => {
    const pieces: number[][] = [];
    dashed((d) => pieces.push(Array.from(d)), 10, 5, 0.5)(new Float64Array([0, 0, 30, 0]));
    expect(pieces.map((p) => [p[0], p.at(-2)])).toEqual([
      [0, 5],
      [10, 20],
      [25, 30],
    ]);
  });
});

describe('sketchStrokes', () => {
  it('draws a circle as one stroke, now and then dashed, that goes about once round', () => {
    const circle = getShape('circle');
    let dashedCircles = 0;
    for (let seed = 0; seed < 200; seed++) {
      const rng = new Rng(seed);
      const strokes: Float64Array[] = [];
      sketchStrokes(
        circle.outline(rng),
        (x, y, out) => {
          out[0] = 50 + 40 * x;
          out[1] = 50 + 40 * y;
        },
        80,
        rng,
        (l) => strokes.push(l.slice()),
      );
      const total = strokes.reduce((s, l) => s + length(l), 0);
      // Once round is 2π·40 ≈ 251 px: short of it by a tenth at most, past it by 30% and a hook at most.
      expect(total).toBeGreaterThan(251 * 0.5);
      expect(total).toBeLessThan(251 * 1.9);
      if (strokes.length > 1) dashedCircles++;
    }
    expect(dashedCircles).toBeGreaterThan(5);
    expect(dashedCircles).toBeLessThan(40);
  });
});
