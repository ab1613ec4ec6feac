import { cos, sin } from './det-math.js';
import type { Rasterizer } from './rasterize.js';

const MITER_LIMIT = 4;
// A round cap is a half-disc of 2 to 6 segments: as few as keep each chord within 0.1 pixel of the arc, since
// a thin stroke's caps had more edges than its sides.
const CAP_STEPS = 6;
const CAP_MIN_STEPS = 2;
const CAP_TOLERANCE = 0.1;

// Each segment count's sweep angles, and how far its chords stray from an arc of radius 1
// (1 - cos(pi / (2 * steps))), computed once (the same det-math values every time): `CAP_COS[steps]`.
const CAP_COS: Float64Array[] = [];
const CAP_SIN: Float64Array[] = [];
const CAP_SAGITTA: number[] = [];
for (let steps = CAP_MIN_STEPS; steps <= CAP_STEPS; steps++) {
  CAP_COS[steps] = Float64Array.from({ length: steps }, (_, k) => cos((Math.PI * k) / steps));
  CAP_SIN[steps] = Float64Array.from({ length: steps }, (_, k) => sin((Math.PI * k) / steps));
  CAP_SAGITTA[steps] = 1 - cos(Math.PI / (2 * steps));
}

// Segments of a half-disc of radius r whose chords stray at most CAP_TOLERANCE from the arc.
function capSteps(r: number): number {
  for (let steps = CAP_MIN_STEPS; steps < CAP_STEPS; steps++) {
    if (r * (CAP_SAGITTA[steps] as number) <= CAP_TOLERANCE) return steps;
  }
  return CAP_STEPS;
}

// Outlines are built in this scratch buffer and copied out once at their final size (by `strokePolyline`, or by
// the rasterizer for `addStroke`): building them in arrays by `push` would cost a fifth of the default preset's
// time (allocation and garbage collection).
let buf = new Float64Array(1024);

function reserve(n: number): void {
  if (buf.length < n) {
    const b = new Float64Array(Math.max(n, 2 * buf.length));
    b.set(buf);
    buf = b;
  }
}

/**
 * Outline polygon(s) of a stroke of width `2 * halfWidth` along a polyline (`points` as x,y pairs).
 * A closed polyline gives two loops of opposite orientation (outer and inner), so the rasterizer's non-zero
 * rule fills exactly the ring between them; an open one gives one loop with round caps. Joins are mitred up to
 * a limit of 4 half-widths, then bevelled, as SVG does by default.
 */
export function strokePolyline(
  points: ArrayLike<number>,
  closed: boolean,
  halfWidth: number,
): Float64Array[] {
  const loops = buildStroke(points, closed, halfWidth);
  if (loops.length === 0) return [];
  const [a, b, c] = loops;
  return c === undefined ? [buf.slice(a, b)] : [buf.slice(a, b), buf.slice(b, c)];
}

/** {@link strokePolyline} straight into `raster`, with no arrays made on the way. */
export function addStroke(
  raster: Rasterizer,
  points: ArrayLike<number>,
  closed: boolean,
  halfWidth: number,
): void {
  const loops = buildStroke(points, closed, halfWidth);
  for (let k = 1; k < loops.length; k++) {
    const from = loops[k - 1] as number;
    raster.addPolygon(buf, ((loops[k] as number) - from) >> 1, from >> 1);
  }
}

// Builds the stroke's loops one after another in `buf`; returns where they start and end (two or three
// indices), or none for a polyline of fewer than two points.
function buildStroke(points: ArrayLike<number>, closed: boolean, halfWidth: number): number[] {
  const n = points.length >> 1;
  if (n < 2) return [];
  // Each side takes at most two points per vertex.
  reserve(8 * n + 4 * CAP_STEPS);
  if (closed) {
    const outer = offsetSide(points, true, halfWidth, 0);
    const inner = offsetSide(points, true, -halfWidth, outer);
    reversePairsInPlace(outer, inner);
    return [0, outer, inner];
  }
  let end = offsetSide(points, false, halfWidth, 0);
  end = cap(end, points, n - 1, n - 2, halfWidth);
  // The right side goes after the left one, then is turned round in place.
  const right = offsetSide(points, false, -halfWidth, end);
  reversePairsInPlace(end, right);
  end = cap(right, points, 0, 1, halfWidth);
  return [0, end];
}

// A half-disc around the end point `end`, from the right side round to the left side of the stroke, written at
// `at`; returns where it stopped.
function cap(at: number, pts: ArrayLike<number>, end: number, prev: number, r: number): number {
  const ex = pts[2 * end] as number;
  const ey = pts[2 * end + 1] as number;
  let dx = ex - (pts[2 * prev] as number);
  let dy = ey - (pts[2 * prev + 1] as number);
  const len = Math.sqrt(dx * dx + dy * dy) || 1;
  dx /= len;
  dy /= len;
  // Left normal of the direction is (-dy, dx); sweep from it through the forward direction to the right normal.
  const steps = capSteps(r);
  const cosines = CAP_COS[steps] as Float64Array;
  const sines = CAP_SIN[steps] as Float64Array;
  for (let k = 1; k < steps; k++) {
    const c = cosines[k] as number;
    const s = sines[k] as number;
    buf[at++] = ex + r * (-dy * c + dx * s);
    buf[at++] = ey + r * (dx * c + dy * s);
  }
  return at;
}

function reversePairsInPlace(from: number, to: number): void {
  for (let i = from, j = to - 2; i < j; i += 2, j -= 2) {
    const x = buf[i] as number;
    const y = buf[i + 1] as number;
    buf[i] = buf[j] as number;
    buf[i + 1] = buf[j + 1] as number;
    buf[j] = x;
    buf[j + 1] = y;
  }
}

// One side of the stroke, written at `at`: every vertex moved by `d` along the left normal, mitred at joins.
// Returns where it stopped.
function offsetSide(pts: ArrayLike<number>, closed: boolean, d: number, at: number): number {
  const n = pts.length >> 1;
  // The unit left normal of the segment into vertex i (n0) and out of it (n1); (0, 0) for a zero-length one.
  let n0x = 0;
  let n0y = 0;
  let n1x = 0;
  let n1y = 0;
  for (let i = 0; i < n; i++) {
    const px = pts[2 * i] as number;
    const py = pts[2 * i + 1] as number;
    const hasPrev = closed || i > 0;
    const hasNext = closed || i < n - 1;
    if (hasPrev) {
      const ip = (i - 1 + n) % n;
      const dx = px - (pts[2 * ip] as number);
      const dy = py - (pts[2 * ip + 1] as number);
      const len = Math.sqrt(dx * dx + dy * dy);
      n0x = len === 0 ? 0 : -dy / len;
      n0y = len === 0 ? 0 : dx / len;
    }
    if (hasNext) {
      const inx = (i + 1) % n;
      const dx = (pts[2 * inx] as number) - px;
      const dy = (pts[2 * inx + 1] as number) - py;
      const len = Math.sqrt(dx * dx + dy * dy);
      n1x = len === 0 ? 0 : -dy / len;
      n1y = len === 0 ? 0 : dx / len;
    }
    if (!hasPrev) {
      n0x = n1x;
      n0y = n1y;
    }
    if (!hasNext) {
      n1x = n0x;
      n1y = n0y;
    }
    const dot = n0x * n1x + n0y * n1y;
    const denom = 1 + dot;
    if (denom > 2 / (MITER_LIMIT * MITER_LIMIT)) {
      buf[at++] = px + (d * (n0x + n1x)) / denom;
      buf[at++] = py + (d * (n0y + n1y)) / denom;
    } else {
      buf[at++] = px + d * n0x;
      buf[at++] = py + d * n0y;
      buf[at++] = px + d * n1x;
      buf[at++] = py + d * n1y;
    }
  }
  return at;
}
