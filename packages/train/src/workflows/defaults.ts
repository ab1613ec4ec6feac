import type { RenderOptions } from '@shapes/data';
import { DEFAULT_KNOWN_RATE, type FreezeMode, type Preprocessing } from '@shapes/models';

/**
 * The transfer workflow's defaults, in one place: `shapes transfer`, `shapes demo`, the Node app and the web
 * playground all take them from here.
 */
export const TRANSFER_DEFAULTS = {
  /** Generated examples per new class. */
  perClass: 20,
  /** What keeps the base's weights: `features` trains a new head only, the measured best at 20 examples. */
  freeze: 'features' as FreezeMode,
  /** Answer from each image's 8 rotations and mirror images. */
  tta: true,
  /** Share of known validation images the `unknown` rule keeps as known. */
  knownRate: DEFAULT_KNOWN_RATE,
  /**
   * Random other shapes the new head learns to call none of its classes, so that shapes it was not taught are
   * less sure: well under a second of training (`pnpm bench unseen-hexagon --base DIR` measures what they give).
   */
  outliers: 1000,
  /** Second-phase samples when more than the head trains (`freeze` other than `features`). */
  fineTuneSamples: 5000,
  /**
   * Generated calibration images per class. The rule has two tests (the base check too), each set by the lowest
   * 0.25% of these: 500 per class make that five images rather than one.
   */
  valPerClass: 500,
  /** Generated held-out test images per class. */
  testPerClass: 300,
  seed: 1,
} as const;

/**
 * The base's training defaults, in one place: `shapes train`, `shapes demo`, the Node app and the web playground
 * take them from here (`shapes demo` and the Node app shrink the sizes to fit their time).
 */
export const BASE_DEFAULTS = {
  shapes: ['circle', 'square', 'triangle'] as readonly string[],
  /** Generated training images per class. */
  perClass: 2000,
  /**
   * Outlier images (random other shapes, learned as "none of these"): as many as the images of a class, and at
   * least this many. Unknown shapes need enough of them in absolute terms (at 1,000 images per class, 2,000
   * outliers flag far more unknown shapes than 1,000); at 2,000 per class, twice as many raise the AUROC by about
   * 0.015 but cost 30% more time and up to 1.7 points on hand drawings (`pnpm bench base --seed S --outliers N`).
   */
  minOutliers: 2000,
  epochs: 3,
  /** Peak of the cosine schedule, after one epoch of warm-up when there are 3 or more. */
  learningRate: 3e-3,
  batchSize: 32,
  /** Calibration images per class for the `unknown` rule (it keeps 99.5%: 200 make that a quantile). */
  valPerClass: 200,
  /** Held-out test images per class. */
  testPerClass: 500,
  seed: 1,
  /**
   * How a base sees images: as they are, scaled to [0, 1]. Framed and made light on black, the demo's base does
   * far better on other programs' images but loses hand drawings, thin strokes and the separation of unknown
   * shapes, for no gain in transfer (the train README has the table); the pretrained base, with more data, frames.
   */
  preprocessing: { scale: 'unit' } as Preprocessing,
} as const;

/**
 * The recipe of the base that ships in `@shapes/models` (`loadPretrainedBase`), made by `pnpm bench pretrain`:
 * `trainBase` with four times the demo's data per class, more epochs, a wider embedding, and images drawn more
 * widely than the `default` preset draws them: shapes from tiny to larger than the frame, half of them cut by its
 * border, a little stretched, with lines down to 0.8 pixels. Star, pentagon and hexagon stay out, for transfers to
 * them.
 */
export const PRETRAINED_RECIPE = {
  shapes: ['circle', 'square', 'triangle'] as readonly string[],
  perClass: 4000,
  outliers: 4000,
  epochs: 8,
  seed: 1,
  /**
   * The last two blocks twice as wide as the default CNN's (about 200,000 weights): from 20 examples per class,
   * star, pentagon and hexagon transfer at 99.3% instead of 98.7% (`pnpm bench transfer --base pretrained --seeds
   * 11,12,13,14,15`, on the base `bench pretrain` makes at each width), and it flags 90% of unknown shapes instead
   * of 88% (`pnpm bench looks --base pretrained`).
   */
  embeddingSize: 128,
  /**
   * Its `unknown` rule keeps 99.95% of 1,000 calibration images per class known, not the 99.5% of bases trained
   * here: people's drawings are messier than generated ones, and a known shape answered `unknown` is what a person
   * trying the playground meets first (`pnpm bench looks --base pretrained` reports both sides).
   */
  knownRate: 0.9995,
  valPerClass: 1000,
  /** Each image's ink framed and made light on black: size, place, polarity and contrast are then no variation. */
  preprocessing: { scale: 'unit', frame: 'ink', normalize: 'ink' } as Preprocessing,
  render: {
    scale: [0.1, 1.2],
    partial: 0.5,
    aspect: [0.75, 1.33],
    strokeWidth: [0.8, 4],
  } as Partial<RenderOptions>,
} as const;

/** The outlier images a base trains on by default beside `perClass` images of each class. */
export function defaultOutliers(perClass: number): number {
  return Math.max(perClass, BASE_DEFAULTS.minOutliers);
}
