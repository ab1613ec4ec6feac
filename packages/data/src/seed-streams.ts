/**
 * How far from a run's seed each of its sets draws: the generator never draws the same image from two seeds, so
 * sets on different streams share no image (the trainer and `assertDisjoint` check where two could meet). One
 * table, so that the CLI, the apps and the benchmarks hold out the same images for the same seed.
 */
export const SEED_STREAMS = {
  /** The training images: the seed itself. */
  train: 0,
  /** Random other shapes trained as "none of these". */
  outliers: 7,
  /** Held-out test images. */
  test: 1_000_003,
  /** Validation images, which calibrate the open-set rule. */
  validation: 2_000_003,
  /** Shapes the model does not know, which should come back `unknown`. */
  unknown: 3_000_003,
  /** The demo's unseen shape, for the transferred model. */
  unseen: 4_000_003,
  /** The demo's single probe image. */
  probe: 5_000_003,
  /** The playground's generated examples of a shape being taught, counted from the examples it has. */
  teach: 7_000_003,
} as const;

/** A named use of a run's seed: see {@link SEED_STREAMS}. */
export type SeedStream = keyof typeof SEED_STREAMS;

/**
 * The seed a run's `stream` draws from.
 *
 * @example createDataset({ shapes, perClass: 300, seed: seedOf(seed, 'validation') })
 */
export function seedOf(seed: number, stream: SeedStream): number {
  return seed + SEED_STREAMS[stream];
}

/**
 * The seed of `perClass` transfer examples for a run: far from every stream of {@link SEED_STREAMS} for small
 * seeds, and another set for each example count, so a learning curve's points are drawn independently.
 */
export function examplesSeed(seed: number, perClass: number): number {
  return 100_000 * seed + perClass;
}

/** The seed of the fixed test set that learning curves score every point on, whatever the run's seed. */
export const CURVE_TEST_SEED = 900_001;
