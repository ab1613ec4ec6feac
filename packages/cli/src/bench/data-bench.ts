import { createDataset, PRESETS } from '@shapes/data';
import { createDatasetParallel } from '@shapes/data/node';
import type { BenchPreset } from './options.js';

/** The shapes every data bench draws, as the peer does. */
export const BENCH_SHAPES = ['circle', 'square', 'triangle'];

/** How many times each measurement runs; the best run counts (the least disturbed by the rest of the machine). */
export const BEST_OF = 3;

/**
 * Images/s of drawing `perClass` images of each of {@link BENCH_SHAPES} in `preset` on `workers` threads, best of
 * {@link BEST_OF} runs (as `@shapes/bench`'s data benchmark measures). With `reuse`, every run draws into one
 * buffer touched beforehand, as a training loop refills its batch and as the peer's `inplace` mode fills one
 * array; without, each run allocates fresh memory whose first touch is counted, as the original demo keeps every
 * image it makes. The worker pool and the renderer are warmed up before timing, as the peer warms up.
 */
export async function measureDrawing(
  preset: BenchPreset,
  { perClass, workers, reuse }: { perClass: number; workers: number; reuse: boolean },
): Promise<number> {
  const options = { shapes: BENCH_SHAPES, perClass, preset, seed: 1 };
  createDataset({ ...options, perClass: 50 });
  await createDatasetParallel({ ...options, perClass: 50 }, { workers });
  const { size, channels } = PRESETS[preset];
  const into = reuse
    ? new SharedArrayBuffer(perClass * BENCH_SHAPES.length * size * size * channels)
    : undefined;
  if (into) new Uint8Array(into).fill(1);
  let best = 0;
  for (let run = 0; run < BEST_OF; run++) {
    const t = performance.now();
    const ds = await createDatasetParallel(options, { workers, into });
    best = Math.max(best, ds.shape[0] / ((performance.now() - t) / 1000));
  }
  return Math.round(best);
}

/** The best of a peer's runs by `imagesPerSec`, or `null` when there were none. */
export function bestRun<T extends { imagesPerSec: number }>(runs: readonly T[]): T | null {
  return runs.reduce<T | null>((a, b) => (a === null || b.imagesPerSec > a.imagesPerSec ? b : a), null);
}
