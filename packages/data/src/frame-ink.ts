import { InvalidOptionError } from './errors/invalid-option-error.js';
import type { PixelArray } from './types.js';

/** Images in NHWC order, as a `Dataset` holds them (any object with these two fields). */
export interface ImageBlock<T extends PixelArray = PixelArray> {
  images: T;
  shape: readonly [number, number, number, number];
}

/** Options of {@link frameInk}. */
export interface FrameInkOptions {
  /** How much of the frame the ink's longer side fills after framing. Default: 0.8. */
  fill?: number;
  /**
   * Also make the ink light on a black background at full contrast: each pixel becomes its difference from the
   * background, stretched so the strongest ink is white (255, or 1 in float images), in every channel. Ink on
   * paper, colour on black and low-contrast photos then all reach a model alike. Default: false.
   */
  normalize?: boolean;
}

// Zoom limits: shapes already filling the frame shrink a little at most, and a speck of noise is not blown up to
// a shape. 6 lets the smallest shapes of the original demo's images (5 pixels across at 64x64) reach the network
// at 30 pixels.
const MIN_ZOOM = 0.8;
const MAX_ZOOM = 6;
// A pixel is ink where it differs from the background by more than this share of the image's largest difference
// (and at least INK_FLOOR gray levels), so noise and faint clutter weigh little. Above 0.6 because the generator
// draws its clutter at 25-60% of the shape's contrast: a short stroke of it counted as ink would outweigh the 0.5%
// of a thin outline's ink the box leaves out, and stretch the box (the test "ignores a stray stroke fainter than
// the shape" checks this).
const INK_SHARE = 0.7;
const INK_FLOOR = 8;
// The box runs from these quantiles of the ink along each axis, so it holds 99% of it: stray clutter falls outside.
const INK_LOW = 0.005;
const INK_HIGH = 0.995;

/**
 * Centres the ink of each image and scales it so that its longer side fills `fill` of the frame, as MNIST centres
 * and scales its digits. The background is the median of the border pixels, so dark-on-light and light-on-dark
 * images both work; pixels beyond the image are background. Resampling is bilinear. An image without ink is
 * returned as it was.
 *
 * Models transferred from a few examples use it (their preprocessing says `frame: 'ink'`): with 20 examples per
 * class, size and position are variation the examples cannot cover, and a small shape's corners reach the
 * network at full size. Written by hand: no image library does content-aware framing of typed arrays.
 *
 * @example const framed = frameInk(dataset); // same shape, labels and order; new pixels
 */
export function frameInk<B extends ImageBlock>(
  batch: B,
  { fill = 0.8, normalize = false }: FrameInkOptions = {},
): B {
  if (!(fill > 0 && fill <= 1)) throw new InvalidOptionError(`fill must be in (0, 1] (got ${fill}).`);
  const [n, h, w, c] = batch.shape;
  const src = batch.images;
  if (src.length !== n * h * w * c) {
    throw new InvalidOptionError(
      `images holds ${src.length} values but shape [${batch.shape.join(', ')}] needs ${n * h * w * c}.`,
    );
  }
  const out = new (src.constructor as new (k: number) => PixelArray)(src.length);
  const framer = new Framer(h, w, c, src instanceof Uint8Array ? 1 : 255, fill, normalize);
  const per = h * w * c;
  for (let i = 0; i < n; i++)
    framer.frame(src.subarray(i * per, (i + 1) * per), out.subarray(i * per, (i + 1) * per));
  return { ...batch, images: out };
}

/** The work of {@link frameInk} for one image size, with buffers reused from image to image. */
class Framer {
  readonly #cols: Float64Array;
  readonly #rows: Float64Array;
  readonly #border: Float64Array;
  readonly #bg: Float64Array;
  // Gray levels (0-255) of one image, the mean over channels.
  readonly #gray: Float64Array;
  // Each output column's source column and its fraction.
  readonly #xs: Int32Array;
  readonly #fxs: Float64Array;

  constructor(
    readonly h: number,
    readonly w: number,
    readonly c: number,
    /** What one pixel value is in gray levels: 1 for bytes, 255 for floats in [0, 1]. */
    readonly levels: number,
    readonly fill: number,
    readonly normalize: boolean,
  ) {
    this.#cols = new Float64Array(w);
    this.#rows = new Float64Array(h);
    this.#border = new Float64Array(Math.max(1, 2 * w + 2 * Math.max(0, h - 2)));
    this.#bg = new Float64Array(c);
    this.#gray = new Float64Array(h * w);
    this.#xs = new Int32Array(w);
    this.#fxs = new Float64Array(w);
  }

  frame(src: PixelArray, dst: PixelArray): void {
    const { h, w, c } = this;
    const bg = this.#bg;
    for (let k = 0; k < c; k++) bg[k] = this.#borderMedian(src, k);
    const gray = this.#gray;
    let max = 0;
    const scale = this.levels / c;
    const n = h * w;
    if (c === 1) {
      // Gray images, nearly all of them, without the loop over channels: half the time of this pass.
      const b = bg[0] as number;
      for (let p = 0; p < n; p++) {
        const v = Math.abs((src[p] as number) - b) * scale;
        gray[p] = v;
        if (v > max) max = v;
      }
    } else {
      for (let p = 0; p < n; p++) {
        let d = 0;
        for (let k = 0; k < c; k++) d += Math.abs((src[p * c + k] as number) - (bg[k] as number));
        const v = d * scale;
        gray[p] = v;
        if (v > max) max = v;
      }
    }
    const floor = Math.max(INK_SHARE * max, INK_FLOOR);
    const cols = this.#cols.fill(0);
    const rows = this.#rows.fill(0);
    let total = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const m = (gray[y * w + x] as number) - floor;
        if (m > 0) {
          cols[x] += m;
          rows[y] += m;
          total += m;
        }
      }
    }
    const round = dst instanceof Uint8Array;
    if (total === 0 && !this.normalize) {
      dst.set(src);
      return;
    }
    let zoom = 1;
    let cx = w / 2;
    let cy = h / 2;
    if (total > 0) {
      const x0 = quantile(cols, INK_LOW * total);
      const x1 = quantile(cols, INK_HIGH * total) + 1;
      const y0 = quantile(rows, INK_LOW * total);
      const y1 = quantile(rows, INK_HIGH * total) + 1;
      zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, (this.fill * w) / Math.max(x1 - x0, y1 - y0, 1)));
      // Halved by a multiplication: V8 speculates that an integer divided by 2 stays an integer, and an odd sum
      // would then deoptimize this function on every image.
      cx = (x0 + x1) * 0.5;
      cy = (y0 + y1) * 0.5;
    }
    if (this.normalize) {
      this.#resampleInk(dst, zoom, cx, cy, max > 0 ? (round ? 255 : 1) / max : 0, round);
      return;
    }
    const xs = this.#xs;
    const fxs = this.#fxs;
    for (let u = 0; u < w; u++) {
      const sx = cx + (u + 0.5 - w / 2) / zoom - 0.5;
      xs[u] = Math.floor(sx);
      fxs[u] = sx - (xs[u] as number);
    }
    const row = w * c;
    for (let v = 0; v < h; v++) {
      const sy = cy + (v + 0.5 - h / 2) / zoom - 0.5;
      const iy = Math.floor(sy);
      const fy = sy - iy;
      const rowInside = iy >= 0 && iy + 1 < h;
      for (let u = 0; u < w; u++) {
        const ix = xs[u] as number;
        const fx = fxs[u] as number;
        const o = (v * w + u) * c;
        if (rowInside && ix >= 0 && ix + 1 < w) {
          // The four neighbours lie inside the image (most pixels): read them directly.
          const p = (iy * w + ix) * c;
          for (let k = 0; k < c; k++) {
            const upper = (src[p + k] as number) * (1 - fx) + (src[p + c + k] as number) * fx;
            const lower = (src[p + row + k] as number) * (1 - fx) + (src[p + row + c + k] as number) * fx;
            const value = upper * (1 - fy) + lower * fy;
            dst[o + k] = round ? Math.round(value) : value;
          }
          continue;
        }
        for (let k = 0; k < c; k++) {
          const upper = this.#at(src, ix, iy, k) * (1 - fx) + this.#at(src, ix + 1, iy, k) * fx;
          const lower = this.#at(src, ix, iy + 1, k) * (1 - fx) + this.#at(src, ix + 1, iy + 1, k) * fx;
          const value = upper * (1 - fy) + lower * fy;
          dst[o + k] = round ? Math.round(value) : value;
        }
      }
    }
  }

  // The framed ink levels (this.#gray, background 0 beyond the image) times `gain`, in every channel.
  #resampleInk(dst: PixelArray, zoom: number, cx: number, cy: number, gain: number, round: boolean): void {
    const { h, w, c } = this;
    const gray = this.#gray;
    const at = (x: number, y: number) =>
      x < 0 || y < 0 || x >= w || y >= h ? 0 : (gray[y * w + x] as number);
    for (let v = 0; v < h; v++) {
      const sy = cy + (v + 0.5 - h / 2) / zoom - 0.5;
      const iy = Math.floor(sy);
      const fy = sy - iy;
      for (let u = 0; u < w; u++) {
        const sx = cx + (u + 0.5 - w / 2) / zoom - 0.5;
        const ix = Math.floor(sx);
        const fx = sx - ix;
        const upper = at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx;
        const lower = at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx;
        const value = Math.min((upper * (1 - fy) + lower * fy) * gain, round ? 255 : 1);
        const o = (v * w + u) * c;
        for (let k = 0; k < c; k++) dst[o + k] = round ? Math.round(value) : value;
      }
    }
  }

  #at(src: PixelArray, x: number, y: number, k: number): number {
    const { h, w, c } = this;
    return x < 0 || y < 0 || x >= w || y >= h
      ? (this.#bg[k] as number)
      : (src[(y * w + x) * c + k] as number);
  }

  #borderMedian(src: PixelArray, k: number): number {
    const { h, w, c } = this;
    const border = this.#border;
    let m = 0;
    for (let x = 0; x < w; x++) {
      border[m++] = src[x * c + k] as number;
      if (h > 1) border[m++] = src[((h - 1) * w + x) * c + k] as number;
    }
    for (let y = 1; y < h - 1; y++) {
      border[m++] = src[y * w * c + k] as number;
      if (w > 1) border[m++] = src[(y * w + w - 1) * c + k] as number;
    }
    const sorted = border.subarray(0, m).sort();
    return sorted[m >> 1] as number;
  }
}

/** The first index at which the running sum of `mass` reaches `target`. */
function quantile(mass: Float64Array, target: number): number {
  let s = 0;
  for (let k = 0; k < mass.length; k++) {
    s += mass[k] as number;
    if (s >= target) return k;
  }
  return mass.length - 1;
}
