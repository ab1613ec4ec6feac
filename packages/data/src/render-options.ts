import { InvalidOptionError } from './errors/invalid-option-error.js';

/** How a shape is drawn: a filled silhouette, a clean outline, or a hand-drawn sketch. */
export type RenderStyle = 'filled' | 'outline' | 'sketch';

/** The render styles, in the order contact sheets show them. */
export const RENDER_STYLES: readonly RenderStyle[] = ['filled', 'outline', 'sketch'];

/** A `[min, max]` range a value is drawn from, uniformly. */
export type Range = readonly [number, number];

/**
 * The knobs of the varied ("in the wild") renderer. Each has a default range; pass a partial object to
 * `createDataset({ render })` to change some. Sizes in pixels are for a 64-pixel image and scale with it.
 */
export interface RenderOptions {
  /** Relative weight of each style; a style with weight 0 never appears. */
  styles: Record<RenderStyle, number>;
  /** Radius of the shape's circumscribed circle, as a fraction of half the image size. */
  scale: Range;
  /** Rotation in degrees. */
  rotation: Range;
  /** Horizontal stretch before rotation (1 keeps the shape's own proportions). */
  aspect: Range;
  /** Probability that the shape is placed partly out of frame (otherwise it is fully inside). */
  partial: number;
  /** Probability of dark ink on a light background (the rest is light on dark). */
  darkOnLight: number;
  /** Gray-level difference between shape and background, 0-255. */
  contrast: Range;
  /** Stroke width of outlines and sketches, in pixels at 64 pixels. */
  strokeWidth: Range;
  /** Probability of additive Gaussian noise, and its standard deviation in gray levels. */
  noise: number;
  noiseSigma: Range;
  /** Probability of a 3x3 box blur (camera softness, scanned drawings). */
  blur: number;
  /** Probability of clutter: a few faint dots and short strokes around the shape. */
  clutter: number;
  /** RGB only: how far each channel may stray from the gray level (0 gives gray images in RGB). */
  colorJitter: number;
}

/** Defaults of the `default` preset, tuned on the real sets in `shared/realdata` (see the README). */
export const DEFAULT_RENDER_OPTIONS: RenderOptions = {
  styles: { filled: 0.4, outline: 0.25, sketch: 0.35 },
  scale: [0.45, 0.92],
  rotation: [0, 360],
  aspect: [0.9, 1.1],
  partial: 0.05,
  darkOnLight: 0.6,
  contrast: [90, 255],
  strokeWidth: [1.2, 4],
  noise: 0.3,
  noiseSigma: [2, 14],
  blur: 0.25,
  clutter: 0.15,
  colorJitter: 60,
};

/** Merges user overrides into the defaults and checks every value, naming the one that is wrong. */
export function resolveRenderOptions(overrides: Partial<RenderOptions> = {}): RenderOptions {
  const o: RenderOptions = {
    ...DEFAULT_RENDER_OPTIONS,
    ...overrides,
    styles: { ...DEFAULT_RENDER_OPTIONS.styles, ...(overrides.styles ?? {}) },
  };
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_RENDER_OPTIONS)) {
      throw new InvalidOptionError(
        `Unknown render option "${key}". Known options: ${Object.keys(DEFAULT_RENDER_OPTIONS).join(', ')}.`,
      );
    }
  }
  const weights = RENDER_STYLES.map((s) => o.styles[s]);
  if (weights.some((w) => !(w >= 0)) || weights.every((w) => w === 0)) {
    throw new InvalidOptionError('render.styles: weights must be >= 0 and at least one must be above 0.');
  }
  checkRange('scale', o.scale, 0.05, 2);
  checkRange('rotation', o.rotation, -3600, 3600);
  checkRange('aspect', o.aspect, 0.2, 5);
  checkRange('contrast', o.contrast, 0, 255);
  checkRange('strokeWidth', o.strokeWidth, 0.25, 32);
  checkRange('noiseSigma', o.noiseSigma, 0, 128);
  for (const key of ['partial', 'darkOnLight', 'noise', 'blur', 'clutter'] as const) {
    const v = o[key];
    if (!(v >= 0 && v <= 1))
      throw new InvalidOptionError(`render.${key} is a probability: give a number in [0, 1] (got ${v}).`);
  }
  if (!(o.colorJitter >= 0 && o.colorJitter <= 255)) {
    throw new InvalidOptionError(`render.colorJitter must be in [0, 255] (got ${o.colorJitter}).`);
  }
  return o;
}

function checkRange(name: string, r: Range, lo: number, hi: number): void {
  if (!Array.isArray(r) || r.length !== 2 || !(r[0] <= r[1]) || !(r[0] >= lo) || !(r[1] <= hi)) {
    throw new InvalidOptionError(
      `render.${name} must be a [min, max] pair with ${lo} <= min <= max <= ${hi} (got ${JSON.stringify(r)}).`,
    );
  }
}
