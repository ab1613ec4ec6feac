import { cos, sin } from './det-math.js';
import type { Rng } from './prng.js';
import type { ShapeOutline } from './shapes.js';
import { strokePolyline } from './stroke.js';

// The outlier shapes: random outlines that are none of the built-in shapes (the star, pentagon and hexagon that
// open-set tests hold out among them), for teaching a model "none of these" without showing it any shape it is
// later tested on. `shapes.ts` registers each under its shape name, and `anyOutlier` as `irregular-polygon`.

/** Random polygons of 5 to 12 corners, each at its own distance from the centre and off its regular angle. */
export function randomPolygon(rng: Rng): ShapeOutline {
  const corners = rng.int(5, 13);
  const step = (2 * Math.PI) / corners;
  const points: number[] = [];
  // From jagged to nearly round: how far corners may fall inside the unit circle varies per polygon.
  const inner = rng.range(0.35, 0.8);
  for (let i = 0; i < corners; i++) {
    const angle = step * (i + rng.range(-0.35, 0.35));
    const radius = rng.range(inner, 1);
    points.push(radius * cos(angle), radius * sin(angle));
  }
  return { points, smooth: false };
}

/** A closed curve whose radius wanders with the angle: a pebble, a bean, a lumpy cloud. */
export function blob(rng: Rng): ShapeOutline {
  // Each wave at least 0.08 strong, so that no blob is nearly a circle (a class, not "none of these").
  const waves = [2, 3, 4, 5].map((k) => ({
    k,
    a: rng.range(0.08, 0.22) * (rng.chance(0.5) ? 1 : -1),
    phase: rng.range(0, 2 * Math.PI),
  }));
  const n = 48;
  const radii: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    radii.push(waves.reduce((r, w) => r + w.a * cos(w.k * t + w.phase), 1));
  }
  const top = Math.max(...radii);
  const points: number[] = [];
  radii.forEach((r, i) => {
    const t = (2 * Math.PI * i) / n;
    points.push((r / top) * cos(t), (r / top) * sin(t));
  });
  return { points, smooth: true };
}

/** A zigzag line of 3 to 6 teeth, drawn as a band. */
export function zigzag(rng: Rng): ShapeOutline {
  const teeth = rng.int(3, 7);
  const amp = rng.range(0.25, 0.6);
  const line: number[] = [];
  for (let i = 0; i <= teeth; i++)
    line.push(-1 + (2 * i) / teeth, (i % 2 === 0 ? -amp : amp) * rng.range(0.7, 1));
  return band(line, rng.range(0.05, 0.14));
}

/** A spiral of 1.5 to 2.6 turns, drawn as a band. */
export function spiral(rng: Rng): ShapeOutline {
  const turns = rng.range(1.5, 2.6);
  const start = rng.range(0, 2 * Math.PI);
  const steps = Math.ceil(turns * 24);
  const line: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const f = i / steps;
    const r = 0.12 + 0.88 * f;
    const t = start + 2 * Math.PI * turns * f;
    line.push(r * cos(t), r * sin(t));
  }
  return band(line, rng.range(0.04, 0.09));
}

/** A plus sign with arms of their own length and one width, from a pen-thin X to a chunky plus. */
export function cross(rng: Rng): ShapeOutline {
  const w = rng.range(0.04, 0.3);
  const [e, n, west, s] = [0, 1, 2, 3].map(() => rng.range(0.6, 1));
  const points = [w, -w, e as number, -w, e as number, w, w, w, w, n as number, -w, n as number, -w, w];
  points.push(-(west as number), w, -(west as number), -w, -w, -w, -w, -(s as number), w, -(s as number));
  return { points, smooth: false };
}

// In the order `anyOutlier` picks them: the order fixes which family a seed draws.
const FAMILIES: readonly ((rng: Rng) => ShapeOutline)[] = [randomPolygon, blob, zigzag, spiral, cross];

/** One of the five families above, picked per outline in equal shares. */
export function anyOutlier(rng: Rng): ShapeOutline {
  const family = FAMILIES[rng.int(0, FAMILIES.length)] as (rng: Rng) => ShapeOutline;
  return family(rng);
}

// An open line drawn as a band of half-width `hw`: a closed outline every render style can draw. Marked smooth,
// so the sketch style draws it in one stroke rather than one stroke per tiny side.
function band(line: number[], hw: number): ShapeOutline {
  const outline = strokePolyline(line, false, hw)[0] as Float64Array;
  return { points: Array.from(outline), smooth: true };
}
