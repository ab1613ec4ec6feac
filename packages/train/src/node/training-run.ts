import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ResumeError } from '../errors/resume-error.js';
import { BASE_DEFAULTS, defaultOutliers } from '../workflows/defaults.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** Folder of a model folder that holds its run's checkpoints and `run.json`. */
export const CHECKPOINTS_DIR = 'checkpoints';
export const RUN_FILE = 'run.json';

/**
 * Everything that decides what a run trains on and how, as `run.json` holds it: a resume reads it back, so it
 * continues the same run whatever it is given.
 */
export interface TrainingRun {
  /** Generated shapes learned; empty when the run learns an ImageFolder. */
  shapes: string[];
  /** The ImageFolder learned (absolute), or `null` for generated shapes. */
  data: string | null;
  arch: 'default' | 'seed';
  perClass: number;
  outliers: number;
  batchSize: number;
  learningRate: number;
  size: number;
  channels: 1 | 3;
  seed: number;
  tta: boolean;
  /** Epochs of the model saved in the folder; below the checkpoint's, a resume saves the model again. */
  savedEpochs?: number;
}

/** The options that define a run; each one left out takes its default. */
export interface RunOptions {
  /** Generated shapes to learn. Default: circle, square and triangle. */
  shapes?: readonly string[];
  /** Learn this ImageFolder instead (70% train, 15% validation, 15% test); `shapes` is then ignored. */
  data?: string;
  /** `default` (a fast CNN) or `seed` (the original demo's CNN, RGB). Default: `default`. */
  arch?: 'default' | 'seed';
  /** Generated training images per class. Default: 2000. */
  perClass?: number;
  /**
   * Random other shapes trained as "none of these". Default: as many as `perClass` where they fit (generated
   * 64x64 gray images), else 0.
   */
  outliers?: number;
  /** Images per step. Default: 32. */
  batchSize?: number;
  /** Peak of the cosine schedule. Default: 3e-3. */
  learningRate?: number;
  /** Input side in pixels. Default: 64, or 256 for the seed architecture. */
  size?: number;
  /** Seeds the data, the weights and the order. Default: 1. */
  seed?: number;
  /** Calibrate the `unknown` rule on each image's 8 rotations and mirror images. Default: true. */
  tta?: boolean;
}

// The options compared on a resume, in the order their mismatches are reported.
const RUN_KEYS = [
  'shapes',
  'data',
  'arch',
  'perClass',
  'outliers',
  'batchSize',
  'learningRate',
  'size',
  'seed',
  'tta',
] as const satisfies readonly (keyof RunOptions & keyof TrainingRun)[];

/** The run `options` ask for, every default filled in. */
export function resolveRun(options: RunOptions): TrainingRun {
  const arch = options.arch ?? 'default';
  const perClass = options.perClass ?? BASE_DEFAULTS.perClass;
  const size = options.size ?? (arch === 'seed' ? 256 : 64);
  const channels = arch === 'seed' ? 3 : 1;
  const data = options.data ? path.resolve(options.data) : null;
  // Outliers are drawn by the default preset (64x64 gray): other input formats train without them.
  const outliersFit = !data && size === 64 && channels === 1;
  const outliers = options.outliers ?? (outliersFit ? defaultOutliers(perClass) : 0);
  if (outliers > 0 && !outliersFit) {
    throw new InvalidArgumentError(
      'Outliers need generated 64x64 gray images (no data folder, size 64, the default architecture); pass 0 outliers.',
    );
  }
  return {
    shapes: data ? [] : [...(options.shapes ?? BASE_DEFAULTS.shapes)],
    data,
    arch,
    perClass,
    outliers,
    batchSize: options.batchSize ?? BASE_DEFAULTS.batchSize,
    learningRate: options.learningRate ?? BASE_DEFAULTS.learningRate,
    size,
    channels,
    seed: options.seed ?? BASE_DEFAULTS.seed,
    tta: options.tta ?? true,
  };
}

/**
 * The run saved in the model folder `dir`, refusing any option in `options` that differs from it (that would
 * make it another run); options left out are not compared.
 */
export async function resumedRun(dir: string, options: RunOptions): Promise<TrainingRun> {
  const file = runFile(dir);
  if (!existsSync(file)) {
    throw new ResumeError(
      { reason: 'no-run', file },
      `"${dir}" holds no training run to resume (no ${path.join(CHECKPOINTS_DIR, RUN_FILE)}). Start a new run instead.`,
    );
  }
  let saved: TrainingRun;
  try {
    saved = JSON.parse(await fs.readFile(file, 'utf8')) as TrainingRun;
  } catch (cause) {
    throw new ResumeError(
      { reason: 'unreadable', file },
      `"${file}" cannot be read (${(cause as Error).message}). Start the run over.`,
      { cause },
    );
  }
  const given = resolveRun(options);
  for (const option of RUN_KEYS) {
    if (options[option] === undefined) continue;
    if (JSON.stringify(given[option]) !== JSON.stringify(saved[option])) {
      const [was, now] = [JSON.stringify(saved[option]), JSON.stringify(given[option])];
      throw new ResumeError(
        { reason: 'mismatch', option, saved: saved[option], given: given[option] },
        `The run in "${dir}" was started with ${option} ${was}, not ${now}. Leave ${option} out to resume it, or start a new run.`,
      );
    }
  }
  return saved;
}

/**
 * Writes `run.json` of the model folder `dir` atomically: a kill leaves the old file or the new one, never half
 * of one, since a resume trusts what it reads there.
 */
export async function writeRun(dir: string, run: TrainingRun): Promise<void> {
  await writeFileAtomic(runFile(dir), `${JSON.stringify(run, null, 2)}\n`);
}

const runFile = (dir: string) => path.join(dir, CHECKPOINTS_DIR, RUN_FILE);

/**
 * Whether the model folder `dir` holds a training run (its `checkpoints/run.json`). A checkpoints folder without
 * one is what a run killed while starting leaves: nothing to resume, and the next run clears it.
 */
export function holdsCheckpointedRun(dir: string): boolean {
  return existsSync(runFile(dir));
}
