import { cos, sin } from './det-math.js';

const MITER_LIMIT = 4;
const CAP_STEPS = 6;

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
  const n = points.length >> 1;
  if (n < 2) return [];
  if (closed) {
    const outer = offsetSide(points, true, halfWidth);
    const inner = offsetSide(points, true, -halfWidth);
    return [outer, reversePairs(inner)];
  }
  const left = offsetSide(points, false, halfWidth);
  const right = offsetSide(points, false, -halfWidth);
  const out: number[] = [];
  for (let i = 0; i < left.length; i++) out.push(left[i] as number);
  cap(out, points, n - 1, n - 2, halfWidth);
  const rr = reversePairs(right);
  for (let i = 0; i < rr.length; i++) out.push(rr[i] as number);
  cap(out, points, 0, 1, halfWidth);
  return [Float64Array.from(out)];
}

// A half-disc around the end point `end`, from the right side round to the left side of the stroke.
function cap(out: number[], pts: ArrayLike<number>, end: number, prev: number, r: number): void {
  const ex = pts[2 * end] as number;
  const ey = pts[2 * end + 1] as number;
  let dx = ex - (pts[2 * prev] as number);
  let dy = ey - (pts[2 * prev + 1] as number);
  const len = Math.sqrt(dx * dx + dy * dy) || 1;
  dx /= len;
  dy /= len;
  // Left normal of the direction is (-dy, dx); sweep from it through the forward direction to the right normal.
  for (let k = 1; k < CAP_STEPS; k++) {
    const t = (Math.PI * k) / CAP_STEPS;
    const c = cos(t);
    const s = sin(t);
    out.push(ex + r * (-dy * c + dx * s), ey + r * (dx * c + dy * s));
  }
}

function reversePairs(a: Float64Array): Float64Array {
  const n = a.length >> 1;
  const out = new Float64Array(a.length);
  for (let i = 0; i < n; i++) {
    out[2 * i] = a[2 * (n - 1 - i)] as number;
    out[2 * i + 1] = a[2 * (n - 1 - i) + 1] as number;
  }
  return out;
}

// One side of the stroke: every vertex moved by `d` along the left normal, mitred at joins.
function offsetSide(pts: ArrayLike<number>, closed: boolean, d: number): Float64Array {
  const n = pts.length >> 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const px = pts[2 * i] as number;
    const py = pts[2 * i + 1] as number;
    const hasPrev = closed || i > 0;
    const hasNext = closed || i < n - 1;
    const ip = (i - 1 + n) % n;
    const inx = (i + 1) % n;
    let n0x = 0;
    let n0y = 0;
    let n1x = 0;
    let n1y = 0;
    if (hasPrev) [n0x, n0y] = normal(pts[2 * ip] as number, pts[2 * ip + 1] as number, px, py);
    if (hasNext) [n1x, n1y] = normal(px, py, pts[2 * inx] as number, pts[2 * inx + 1] as number);
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
      out.push(px + (d * (n0x + n1x)) / denom, py + (d * (n0y + n1y)) / denom);
    } else {
      out.push(px + d * n0x, py + d * n0y, px + d * n1x, py + d * n1y);
    }
  }
  return Float64Array.from(out);
}

function normal(ax: number, ay: number, bx: number, by: number): [number, number] {
  const dx = bx - ax;
  const dy = by - ay;
  const len = Math.sqrt(dx * dx + dy * dy);
  if (len === 0) return [0, 0];
  return [-dy / len, dx / len];
}
