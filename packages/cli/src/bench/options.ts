import { UsageError } from '../errors/usage-error.js';
import { parseChoice, parseInteger, parsePositive } from '../lib/parse.js';

/** The networks `shapes bench train|infer --arch` builds. */
export const BENCH_ARCHS = ['default', 'seed', 'bench-cnn'] as const;
export type BenchArch = (typeof BENCH_ARCHS)[number];

/** The presets `shapes bench data --preset` draws. */
export const BENCH_PRESETS = ['default', 'seed'] as const;
export type BenchPreset = (typeof BENCH_PRESETS)[number];

/** Images per class when `--per-class` is not given: about a second and a half of drawing each. */
export const DEFAULT_PER_CLASS: Readonly<Record<BenchPreset, number>> = { default: 10_000, seed: 1_000 };

/** Commander argument parsers: each names the option and the fix in its message (a {@link UsageError}). */
export const parseArch = (value: string): BenchArch => parseChoice('--arch', value, BENCH_ARCHS);
export const parsePreset = (value: string): BenchPreset => parseChoice('--preset', value, BENCH_PRESETS);
export const parsePerClass = (value: string): number =>
  parseInteger('--per-class', value, { min: 1, max: 1_000_000 });
export const parseWorkers = (value: string): number => parseInteger('--workers', value, { min: 1, max: 256 });
export const parseBatch = (value: string): number => parseInteger('--batch', value, { min: 1, max: 4096 });
export const parseSeconds = (value: string): number => {
  const s = parsePositive('--seconds', value);
  if (s > 600) throw new UsageError(`--seconds must be at most 600 (got "${value}").`);
  return s;
};

/** `shapes bench train`'s batch: the one given, else 32, or 16 for the seed CNN (a step of 32 takes 20 s here). */
export function trainBatch(arch: BenchArch, batch: number | undefined): number {
  return batch ?? (arch === 'seed' ? 16 : 32);
}

/** `shapes bench infer`'s batch: the one given, else 64. */
export function inferBatch(batch: number | undefined): number {
  return batch ?? 64;
}

/** `--model` and `--arch` name the network two ways: refuse both at once. */
export function checkModelOrArch(model: string | undefined, arch: BenchArch | undefined): void {
  if (model !== undefined && arch !== undefined) {
    throw new UsageError('--model and --arch both name the network to bench: give one of them.');
  }
}
