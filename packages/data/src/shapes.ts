import { cos, sin } from './det-math.js';
import { InvalidOptionError } from './errors/invalid-option-error.js';
import { UnknownShapeError } from './errors/unknown-shape-error.js';
import { anyOutlier, blob, cross, randomPolygon, spiral, zigzag } from './outlier-shapes.js';
import type { Rng } from './prng.js';

/**
 * A shape's outline in unit space, as x,y pairs: centred on the origin, about the size of the unit circle
 * (rectangles reach a little past it).
 * `smooth` outlines (circle, ellipse) have no corners: the sketch style draws them as one continuous stroke
 * rather than one stroke per side.
 */
export interface ShapeOutline {
  points: number[];
  smooth: boolean;
}

/** A registered shape: a name (the class name) and a seeded outline generator. */
export interface ShapeDefinition {
  name: string;
  outline(rng: Rng): ShapeOutline;
  /**
   * The polygon for shapes registered from fixed vertices; such shapes can be sent to worker threads.
   * Absent for shapes made by a function.
   */
  polygon?: number[];
}

const NAME = /^[a-z]+(?:-[a-z]+)*$/;
const registry = new Map<string, ShapeDefinition>();

/** A regular polygon with `sides` corners on the unit circle, the first at the top. */
export function regularPolygon(sides: number, radius = 1): number[] {
  const pts: number[] = [];
  for (let i = 0; i < sides; i++) {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / sides;
    pts.push(radius * cos(a), radius * sin(a));
  }
  return pts;
}

/**
 * A star polygon: `points` tips on the unit circle and as many inner corners at radius `innerRatio`.
 * The classic five-pointed star has an inner ratio of about 0.38.
 */
export function starPolygon(points: number, innerRatio: number): number[] {
  if (!Number.isInteger(points) || points < 3) {
    throw new InvalidOptionError(`A star needs an integer number of points of at least 3 (got ${points}).`);
  }
  if (!(innerRatio > 0 && innerRatio < 1)) {
    throw new InvalidOptionError(`A star's inner ratio must be between 0 and 1 (got ${innerRatio}).`);
  }
  const pts: number[] = [];
  for (let i = 0; i < 2 * points; i++) {
    const a = -Math.PI / 2 + (Math.PI * i) / points;
    const r = i % 2 === 0 ? 1 : innerRatio;
    pts.push(r * cos(a), r * sin(a));
  }
  return pts;
}

function ellipsePoints(rx: number, ry: number, n = 64): number[] {
  const pts: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    pts.push(rx * cos(a), ry * sin(a));
  }
  return pts;
}

/** Options of {@link registerShape}: either fixed `polygon` vertices or an `outline` function. */
export type RegisterShapeOptions =
  | { name: string; polygon: ArrayLike<number> | ReadonlyArray<readonly [number, number]> }
  | { name: string; outline: (rng: Rng) => ShapeOutline };

/**
 * Adds a shape to the registry so that datasets can use its name as a class. Give either the vertices of a
 * polygon (x,y pairs or `[x, y]` tuples, any scale: they are centred and scaled to the unit circle) or a
 * function that returns a seeded outline in unit space. Names are lower-case words joined by hyphens.
 *
 * @example registerShape({ name: 'arrow', polygon: [[0, -1], [0.6, 0], [0.2, 0], [0.2, 1], [-0.2, 1], [-0.2, 0], [-0.6, 0]] })
 */
export function registerShape(options: RegisterShapeOptions): ShapeDefinition {
  const { name } = options;
  if (!NAME.test(name)) {
    throw new InvalidOptionError(
      `Shape name "${name}" is not allowed: use lower-case words joined by hyphens, e.g. "arrow" or "half-moon".`,
    );
  }
  if (registry.has(name)) {
    throw new InvalidOptionError(`A shape named "${name}" is already registered; choose another name.`);
  }
  let def: ShapeDefinition;
  if ('polygon' in options) {
    const polygon = normalizePolygon(options.polygon, name);
    def = { name, polygon, outline: () => ({ points: polygon, smooth: false }) };
  } else {
    const fn = options.outline;
    def = { name, outline: fn };
  }
  registry.set(name, def);
  return def;
}

function normalizePolygon(
  input: ArrayLike<number> | ReadonlyArray<readonly [number, number]>,
  name: string,
): number[] {
  const flat: number[] = [];
  const arr = input as ArrayLike<unknown>;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (Array.isArray(v)) flat.push(Number(v[0]), Number(v[1]));
    else flat.push(Number(v));
  }
  if (flat.length < 6 || flat.length % 2 !== 0 || flat.some((v) => !Number.isFinite(v))) {
    throw new InvalidOptionError(
      `Shape "${name}": a polygon needs at least 3 vertices of finite numbers (got ${flat.length / 2}).`,
    );
  }
  // Centre on the bounding box and scale to the unit circle, so every shape is drawn at a comparable size.
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < flat.length; i += 2) {
    minX = Math.min(minX, flat[i] as number);
    maxX = Math.max(maxX, flat[i] as number);
    minY = Math.min(minY, flat[i + 1] as number);
    maxY = Math.max(maxY, flat[i + 1] as number);
  }
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  let r = 0;
  for (let i = 0; i < flat.length; i += 2) {
    const dx = (flat[i] as number) - cx;
    const dy = (flat[i + 1] as number) - cy;
    r = Math.max(r, Math.sqrt(dx * dx + dy * dy));
  }
  if (r === 0) throw new InvalidOptionError(`Shape "${name}": the polygon has no extent.`);
  return flat.map((v, i) => (v - (i % 2 === 0 ? cx : cy)) / r);
}

/** The definition of a registered shape; throws {@link UnknownShapeError} listing the known ones. */
export function getShape(name: string): ShapeDefinition {
  const def = registry.get(name);
  if (!def) throw new UnknownShapeError(name, listShapes());
  return def;
}

/** Names of all registered shapes, built-in first, in registration order. */
export function listShapes(): string[] {
  return [...registry.keys()];
}

// The built-in shapes. Parameters vary a little per sample (aspect, inner ratio, triangle angles), because
// shapes people draw or photograph are never exactly regular.
// Computed once, like the regular polygons' vertices: the same for every circle.
const UNIT_CIRCLE = ellipsePoints(1, 1);
registry.set('circle', { name: 'circle', outline: () => ({ points: UNIT_CIRCLE, smooth: true }) });
registry.set('ellipse', {
  name: 'ellipse',
  outline: (rng) => ({ points: ellipsePoints(1, rng.range(0.45, 0.72)), smooth: true }),
});
const SQUARE = [-0.8, -0.8, 0.8, -0.8, 0.8, 0.8, -0.8, 0.8];
// Half of the squares are exact; the other half have their corners moved by up to a fifth of the side, as squares
// drawn by hand, seen at an angle or sheared are.
registry.set('square', {
  name: 'square',
  outline: (rng) => ({
    points: rng.chance(0.5) ? SQUARE : insideUnitCircle(SQUARE.map((v) => v + rng.range(-0.32, 0.32))),
    smooth: false,
  }),
});
registry.set('rectangle', {
  name: 'rectangle',
  outline: (rng) => {
    const h = rng.range(0.42, 0.68);
    return { points: [-1, -h, 1, -h, 1, h, -1, h], smooth: false };
  },
});
registry.set('triangle', { name: 'triangle', outline: (rng) => ({ points: triangle(rng), smooth: false }) });
for (const [name, sides] of [
  ['pentagon', 5],
  ['hexagon', 6],
  ['octagon', 8],
] as const) {
  const polygon = regularPolygon(sides);
  registry.set(name, { name, polygon, outline: () => ({ points: polygon, smooth: false }) });
}
registry.set('star', {
  name: 'star',
  outline: (rng) => ({ points: starPolygon(5, rng.range(0.36, 0.5)), smooth: false }),
});
registry.set('diamond', {
  name: 'diamond',
  outline: (rng) => {
    const w = rng.range(0.52, 0.68);
    return { points: [0, -1, w, 0, 0, 1, -w, 0], smooth: false };
  },
});

/** Names of the built-in shapes: the classes, without the outlier shapes below. */
export const BUILTIN_SHAPES: readonly string[] = listShapes();

// The outlier shapes (see outlier-shapes.ts): random outlines that are none of the built-in shapes, for images of
// "none of these". `irregular-polygon` picks one of the five families per image: `@shapes/train`'s outlier
// exposure draws it, and since a shape's name seeds its images, renaming it would change every base's data.
for (const [name, outline] of [
  ['irregular-polygon', anyOutlier],
  ['random-polygon', randomPolygon],
  ['blob', blob],
  ['zigzag', zigzag],
  ['spiral', spiral],
  ['cross', cross],
] as const) {
  registry.set(name, { name, outline });
}

/** Every shape registered when this module loads: a worker thread has them without being sent them. */
export const LOADED_SHAPES: readonly string[] = listShapes();

// Half of the triangles are near-equilateral, as people draw them; the other half have any angles of at least 12
// degrees (uniform over those), as three random points make them: a triangle is any triangle. Centred on its box,
// its farthest vertex at distance 1.
function triangle(rng: Rng): number[] {
  const pts: number[] = [];
  if (rng.chance(0.5)) {
    for (let i = 0; i < 3; i++) {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / 3 + rng.range(-0.3, 0.3);
      const r = rng.range(0.85, 1);
      pts.push(r * cos(a), r * sin(a));
    }
    return pts;
  }
  // Interior angles from the uniform distribution on the simplex, each at least MIN; a vertex sits on the unit
  // circle after the arcs that are twice the angles opposite.
  const MIN = Math.PI / 15;
  const e = [0, 1, 2].map(() => -Math.log(1 - rng.float()));
  const sum = (e[0] as number) + (e[1] as number) + (e[2] as number);
  const angles = e.map((x) => MIN + ((Math.PI - 3 * MIN) * x) / sum);
  let t = rng.range(0, 2 * Math.PI);
  for (let i = 0; i < 3; i++) {
    pts.push(cos(t), sin(t));
    t += 2 * (angles[i] as number);
  }
  const cx =
    (Math.min(pts[0] as number, pts[2] as number, pts[4] as number) +
      Math.max(pts[0] as number, pts[2] as number, pts[4] as number)) /
    2;
  const cy =
    (Math.min(pts[1] as number, pts[3] as number, pts[5] as number) +
      Math.max(pts[1] as number, pts[3] as number, pts[5] as number)) /
    2;
  let far = 0;
  for (let i = 0; i < 6; i += 2) {
    pts[i] = (pts[i] as number) - cx;
    pts[i + 1] = (pts[i + 1] as number) - cy;
    far = Math.max(far, Math.hypot(pts[i] as number, pts[i + 1] as number));
  }
  return pts.map((v) => v / far);
}

// `pts` shrunk about the origin where needed so that every point lies in the unit circle, as outlines must.
function insideUnitCircle(pts: number[]): number[] {
  let far = 0;
  for (let i = 0; i < pts.length; i += 2)
    far = Math.max(far, Math.hypot(pts[i] as number, pts[i + 1] as number));
  return far > 1 ? pts.map((v) => v / far) : pts;
}
