import { sin } from './det-math.js';
import type { Rng } from './prng.js';
import type { ShapeOutline } from './shapes.js';

/** Maps a unit-space point to pixels. */
export type PointTransform = (x: number, y: number, out: number[]) => void;

/**
 * The strokes of a hand-drawn version of an outline, as open polylines in pixel coordinates. People draw a
 * polygon one side at a time, overshooting or stopping short at corners, with sides that bow and wobble; they
 * draw a circle in one go that ends a little before or past where it began, often with a hook or a tail where
 * the pen lands or lifts, and is never quite round. Now and then the pen skips, and the line comes out dashed.
 */
export function sketchStrokes(
  outline: ShapeOutline,
  toPixels: PointTransform,
  sizePx: number,
  rng: Rng,
  emit: (line: Float64Array) => void,
): void {
  const out = rng.chance(0.08)
    ? dashed(emit, sizePx * rng.range(0.1, 0.3), sizePx * rng.range(0.03, 0.12), rng.range(0, 1))
    : emit;
  if (outline.smooth) smoothStroke(outline.points, toPixels, sizePx, rng, out);
  else sideStrokes(outline.points, toPixels, sizePx, rng, out);
}

let dash = new Float64Array(64);

/**
 * `emit` for each dash of a line drawn `on` pixels, lifted `off` pixels, and so on, starting `phase` of the way
 * into a dash: the dashes are cut from the line at exact lengths, so their size does not depend on its steps.
 * Internal to the sketches (exported for its test).
 */
export function dashed(
  emit: (line: Float64Array) => void,
  on: number,
  off: number,
  phase: number,
): (line: Float64Array) => void {
  return (line) => {
    // The pattern is followed as what is left of the current dash or gap, never by a remainder of the distance
    // so far, whose rounding could stall the walk at a boundary.
    let drawing = true;
    let left = (1 - phase) * on;
    let count = 0;
    const put = (x: number, y: number) => {
      if (dash.length < count + 2) {
        const grown = new Float64Array(2 * dash.length);
        grown.set(dash);
        dash = grown;
      }
      dash[count++] = x;
      dash[count++] = y;
    };
    const flush = () => {
      if (count >= 4) emit(dash.subarray(0, count));
      count = 0;
    };
    for (let k = 0; k + 3 < line.length; k += 2) {
      const ax = line[k] as number;
      const ay = line[k + 1] as number;
      const dx = (line[k + 2] as number) - ax;
      const dy = (line[k + 3] as number) - ay;
      const len = Math.sqrt(dx * dx + dy * dy);
      let t0 = 0;
      while (len - t0 > 1e-9) {
        const t1 = Math.min(len, t0 + left);
        if (drawing) {
          if (count === 0) put(ax + (dx * t0) / len, ay + (dy * t0) / len);
          put(ax + (dx * t1) / len, ay + (dy * t1) / len);
        }
        left -= t1 - t0;
        t0 = t1;
        if (left <= 1e-9) {
          if (drawing) flush();
          drawing = !drawing;
          left = drawing ? on : off;
        }
      }
    }
    flush();
  };
}

// Strokes are built in these and handed out as views, each used up before the next is built: arrays made
// by `push` for every stroke of every image would keep the garbage collector busy.
let corners = new Float64Array(64);
let stroke = new Float64Array(256);

function room(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  return a.length >= n ? a : new Float64Array(Math.max(n, 2 * a.length));
}

function sideStrokes(
  pts: number[],
  toPixels: PointTransform,
  sizePx: number,
  rng: Rng,
  emit: (line: Float64Array) => void,
): void {
  const n = pts.length >> 1;
  corners = room(corners, 2 * n);
  const px = corners;
  const tmp: number[] = [];
  for (let i = 0; i < n; i++) {
    toPixels(pts[2 * i] as number, pts[2 * i + 1] as number, tmp);
    px[2 * i] = tmp[0] as number;
    px[2 * i + 1] = tmp[1] as number;
  }
  const jitter = sizePx * 0.045;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    let ax = (px[2 * i] as number) + rng.normal() * jitter;
    let ay = (px[2 * i + 1] as number) + rng.normal() * jitter;
    let bx = (px[2 * j] as number) + rng.normal() * jitter;
    let by = (px[2 * j + 1] as number) + rng.normal() * jitter;
    const dx = bx - ax;
    const dy = by - ay;
    const len = Math.sqrt(dx * dx + dy * dy);
    if (len < 1e-6) continue;
    const ux = dx / len;
    const uy = dy / len;
    // Over- or under-shoot at each end, as a fraction of the side.
    const e0 = len * rng.range(-0.08, 0.2);
    const e1 = len * rng.range(-0.08, 0.2);
    ax -= ux * e0;
    ay -= uy * e0;
    bx += ux * e1;
    by += uy * e1;
    const full = len + e0 + e1;
    // Most sides bow a little; some a lot, in or out.
    const bow = rng.normal() * full * (rng.chance(0.25) ? 0.05 : 0.025);
    const amp = rng.range(0, 0.012) * sizePx;
    const freq = rng.range(1, 3);
    const phase = rng.range(0, 2 * Math.PI);
    const steps = Math.max(2, Math.ceil(full / 5));
    stroke = room(stroke, 2 * steps + 2);
    const line = stroke;
    for (let k = 0; k <= steps; k++) {
      const t = k / steps;
      const off = bow * sin(Math.PI * t) + amp * sin(2 * Math.PI * freq * t + phase);
      line[2 * k] = ax + (bx - ax) * t - uy * off;
      line[2 * k + 1] = ay + (by - ay) * t + ux * off;
    }
    emit(line.subarray(0, 2 * steps + 2));
  }
}

function smoothStroke(
  pts: number[],
  toPixels: PointTransform,
  sizePx: number,
  rng: Rng,
  emit: (line: Float64Array) => void,
): void {
  const n = pts.length >> 1;
  // Start anywhere, go once round, then stop short of the start or run past it.
  const start = rng.range(0, n);
  const span = n * (1 + rng.range(-0.1, 0.3));
  const amp = rng.range(0.01, 0.07);
  const freq = rng.pick([2, 3]);
  const phase = rng.range(0, 2 * Math.PI);
  const drift = rng.range(-0.12, 0.12);
  // Where the pen lands or lifts, the line may hook in from inside or outside the curve, or trail off in a tail:
  // the radius eases from 1 + hook to the curve's over the first or last `hookSpan` of the stroke.
  const hookStart = rng.chance(0.35) ? rng.range(-0.5, 0.5) : 0;
  const hookEnd = rng.chance(0.35) ? rng.range(-0.5, 0.5) : 0;
  const hookSpan = rng.range(0.04, 0.12);
  const steps = Math.max(20, Math.ceil(sizePx * 0.7));
  stroke = room(stroke, 2 * steps + 2);
  const line = stroke;
  const tmp: number[] = [];
  for (let k = 0; k <= steps; k++) {
    const t = k / steps;
    const u = start + span * t;
    const i0 = Math.floor(u);
    const f = u - i0;
    const a = ((i0 % n) + n) % n;
    const b = (a + 1) % n;
    const x = (pts[2 * a] as number) * (1 - f) + (pts[2 * b] as number) * f;
    const y = (pts[2 * a + 1] as number) * (1 - f) + (pts[2 * b + 1] as number) * f;
    const head = Math.max(0, 1 - t / hookSpan);
    const tail = Math.max(0, 1 - (1 - t) / hookSpan);
    const s =
      1 +
      amp * sin(2 * Math.PI * freq * t + phase) +
      drift * t +
      hookStart * head * head +
      hookEnd * tail * tail;
    toPixels(x * s, y * s, tmp);
    line[2 * k] = tmp[0] as number;
    line[2 * k + 1] = tmp[1] as number;
  }
  emit(line.subarray(0, 2 * steps + 2));
}
