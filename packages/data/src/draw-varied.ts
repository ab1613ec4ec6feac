import { cos, sin } from './det-math.js';
import { addNoise, boxBlur3, fillBackground } from './effects.js';
import type { Rng } from './prng.js';
import type { Rasterizer, Surface } from './rasterize.js';
import { type Range, RENDER_STYLES, type RenderOptions, type RenderStyle } from './render-options.js';
import type { ShapeDefinition } from './shapes.js';
import { sketchStrokes } from './sketch.js';
import { addStroke } from './stroke.js';

/** Reusable buffers for drawing one image after another without allocating. */
export interface DrawContext {
  raster: Rasterizer;
  scratch: Float32Array;
  /** The part of the current image drawn on so far, `[x0, y0, x1, y1)`. */
  box: Int32Array;
}

const pick = (rng: Rng, r: Range) => rng.range(r[0], r[1]);

// The outline in pixels, reused from image to image (the rasterizer copies what it keeps).
let placed = new Float64Array(256);

/** Picks a style by weight. */
export function pickStyle(rng: Rng, weights: Record<RenderStyle, number>): RenderStyle {
  let total = 0;
  for (const s of RENDER_STYLES) total += weights[s];
  let u = rng.float() * total;
  for (const s of RENDER_STYLES) {
    u -= weights[s];
    if (u < 0 && weights[s] > 0) return s;
  }
  return RENDER_STYLES.filter((s) => weights[s] > 0).at(-1) as RenderStyle;
}

/**
 * Draws one shape "in the wild": random style, pose, polarity, contrast, stroke, and optional noise, blur and
 * clutter, all from `rng`, so the same stream gives the same image.
 */
export function drawVaried(
  s: Surface,
  shape: ShapeDefinition,
  rng: Rng,
  o: RenderOptions,
  ctx: DrawContext,
): void {
  const size = Math.min(s.width, s.height);
  const unit = size / 64;
  const style = pickStyle(rng, o.styles);

  // Colours: a background level and an ink level at the drawn contrast, on the drawn side of it.
  const dark = rng.chance(o.darkOnLight);
  const contrast = pick(rng, o.contrast);
  const bgLevel = dark ? rng.range(contrast, 255) : rng.range(0, 255 - contrast);
  const fgLevel = dark ? bgLevel - contrast : bgLevel + contrast;
  const bg = tint(bgLevel, s.channels, o.colorJitter * 0.3, rng);
  const fg = tint(fgLevel, s.channels, o.colorJitter, rng);
  fillBackground(s, bg);
  // Where the image is no longer flat background: the blur need not look elsewhere.
  const box = ctx.box.fill(0);

  if (rng.chance(o.clutter)) drawClutter(s, rng, fg, unit, ctx);

  // Pose: stretch, rotate, scale, then place fully inside the frame, or partly outside now and then.
  const outline = shape.outline(rng);
  const aspect = pick(rng, o.aspect);
  const angle = (pick(rng, o.rotation) * Math.PI) / 180;
  const radius = (pick(rng, o.scale) * size) / 2;
  const ca = cos(angle) * radius;
  const sa = sin(angle) * radius;
  const pts = outline.points;
  let minX = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < pts.length; i += 2) {
    const x = (pts[i] as number) * aspect;
    const y = pts[i + 1] as number;
    const px = x * ca - y * sa;
    const py = x * sa + y * ca;
    if (px < minX) minX = px;
    if (px > maxX) maxX = px;
    if (py < minY) minY = py;
    if (py > maxY) maxY = py;
  }
  const strokeW = style === 'filled' ? 0 : pick(rng, o.strokeWidth) * unit;
  const pad = strokeW / 2 + 1;
  // Up to half of the shape may leave the frame on each axis, as when a shape's centre lies anywhere in the image.
  const slack = rng.chance(o.partial) ? rng.range(0.2, 0.5) : 0;
  const cx = placeAxis(rng, minX, maxX, s.width, pad, slack);
  const cy = placeAxis(rng, minY, maxY, s.height, pad, slack);
  const toPixels = (x: number, y: number, out: number[]) => {
    const xs = x * aspect;
    out[0] = cx + xs * ca - y * sa;
    out[1] = cy + xs * sa + y * ca;
  };

  const raster = ctx.raster;
  // Keep strokes inside small shapes: a ring wider than the shape's inradius would fold over itself.
  const hw = Math.min(strokeW / 2, radius * 0.18);
  if (style === 'sketch') {
    sketchStrokes(outline, toPixels, radius * 2, rng, (line) => addStroke(raster, line, false, hw));
  } else {
    if (placed.length < pts.length) placed = new Float64Array(2 * pts.length);
    const tmp: number[] = [0, 0];
    for (let i = 0; i < pts.length; i += 2) {
      toPixels(pts[i] as number, pts[i + 1] as number, tmp);
      placed[i] = tmp[0] as number;
      placed[i + 1] = tmp[1] as number;
    }
    const corners = placed.subarray(0, pts.length);
    if (style === 'filled') raster.addPolygon(corners);
    else addStroke(raster, corners, true, hw);
  }
  raster.fill(s, fg);
  growBox(box, raster.lastBox);

  if (rng.chance(o.blur)) boxBlur3(s, ctx.scratch, box);
  if (rng.chance(o.noise)) addNoise(s, pick(rng, o.noiseSigma), rng);
}

// A centre along one axis so that [lo, hi] around it lies inside [pad, size - pad]; with slack > 0 up to that
// fraction of the shape may leave the frame. Shapes too big for the frame are centred.
function placeAxis(rng: Rng, lo: number, hi: number, size: number, pad: number, slack: number): number {
  const extent = hi - lo;
  const min = pad - lo - slack * extent;
  const max = size - pad - hi + slack * extent;
  return max > min ? rng.range(min, max) : size / 2 - (lo + hi) / 2;
}

function tint(level: number, channels: number, jitter: number, rng: Rng): number[] {
  if (channels === 1) return [clamp255(level)];
  return [0, 1, 2].map(() => clamp255(level + rng.range(-jitter, jitter)));
}

function clamp255(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

// Faint marks that are not the shape: dots and short strokes, so a model learns to look at the big object.
function drawClutter(s: Surface, rng: Rng, fg: number[], unit: number, ctx: DrawContext): void {
  const count = rng.int(1, 4);
  for (let k = 0; k < count; k++) {
    const x = rng.range(0, s.width);
    const y = rng.range(0, s.height);
    const hw = rng.range(0.5, 1.2) * unit;
    const len = rng.chance(0.5) ? 0 : rng.range(3, 9) * unit;
    const a = rng.range(0, 2 * Math.PI);
    const line = [x, y, x + len * cos(a) + 0.01, y + len * sin(a)];
    addStroke(ctx.raster, line, false, hw);
    ctx.raster.fill(s, fg, rng.range(0.25, 0.6));
    growBox(ctx.box, ctx.raster.lastBox);
  }
}

// `box` becomes the smallest box holding itself and `add` (boxes as [x0, y0, x1, y1); empty ones are all zero).
function growBox(box: Int32Array, add: Int32Array): void {
  if (add[2] === add[0]) return;
  if (box[2] === box[0]) {
    box.set(add);
    return;
  }
  box[0] = Math.min(box[0] as number, add[0] as number);
  box[1] = Math.min(box[1] as number, add[1] as number);
  box[2] = Math.max(box[2] as number, add[2] as number);
  box[3] = Math.max(box[3] as number, add[3] as number);
}
