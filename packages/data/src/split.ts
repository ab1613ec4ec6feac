import { InvalidOptionError } from './errors/invalid-option-error.js';
import { contentHash } from './hash.js';
import { Rng } from './prng.js';
import type { Dataset, PixelArray } from './types.js';

/** Fractions of each class that go to each part; they must add up to 1. */
export interface SplitOptions {
  train: number;
  val: number;
  test: number;
  seed?: number;
}

/** The three disjoint parts of a {@link split}. */
export interface SplitResult<T extends PixelArray = PixelArray> {
  train: Dataset<T>;
  val: Dataset<T>;
  test: Dataset<T>;
}

/** A new dataset of the images at `indices`, in that order (pixels are copied). */
export function subset<T extends PixelArray>(dataset: Dataset<T>, indices: ArrayLike<number>): Dataset<T> {
  const [, h, w, c] = dataset.shape;
  const per = h * w * c;
  const images = new (dataset.images.constructor as new (n: number) => T)(indices.length * per);
  const labels = new Int32Array(indices.length);
  const n = dataset.shape[0];
  const files = dataset.meta.files;
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i] as number;
    if (!(Number.isInteger(j) && j >= 0 && j < n)) {
      throw new InvalidOptionError(`subset: index ${j} is outside the dataset (0-${n - 1}).`);
    }
    images.set(dataset.images.subarray(j * per, (j + 1) * per), i * per);
    labels[i] = dataset.labels[j] as number;
  }
  return {
    images,
    labels,
    classNames: [...dataset.classNames],
    shape: [indices.length, h, w, c],
    meta: { ...dataset.meta, ...(files ? { files: Array.from(indices, (j) => files[j] as string) } : {}) },
  };
}

/**
 * Splits a dataset into train, validation and test parts, stratified: each class is shuffled (seeded) and cut
 * by the fractions, so every part has the same class balance and no image is in two parts. Identical images
 * (the same pixels, as a folder with copied files has) stay together in one part, so no test image was trained on.
 *
 * @example const { train, val, test } = split(ds, { train: 0.7, val: 0.15, test: 0.15, seed: 1 });
 */
export function split<T extends PixelArray>(dataset: Dataset<T>, options: SplitOptions): SplitResult<T> {
  const { train, val, test } = options;
  for (const [k, v] of Object.entries({ train, val, test })) {
    if (!(v >= 0 && v <= 1))
      throw new InvalidOptionError(`split: ${k} must be a fraction in [0, 1] (got ${v}).`);
  }
  if (Math.abs(train + val + test - 1) > 1e-9) {
    throw new InvalidOptionError(`split: train + val + test must be 1 (got ${train + val + test}).`);
  }
  const rng = new Rng(options.seed ?? 0);
  const parts: [number[], number[], number[]] = [[], [], []];
  for (const groups of identicalGroups(dataset)) {
    shuffle(groups, rng);
    const m = groups.reduce((sum, g) => sum + g.length, 0);
    const nTrain = Math.round(m * train);
    const nVal = Math.min(m - nTrain, Math.round(m * val));
    // Cut by images, a group at a time: with no duplicates this is the plain cut of the shuffled class.
    let taken = 0;
    for (const group of groups) {
      parts[taken < nTrain ? 0 : taken < nTrain + nVal ? 1 : 2].push(...group);
      taken += group.length;
    }
  }
  // Keep each part in the dataset's own order, so classes stay interleaved.
  for (const p of parts) p.sort((a, b) => a - b);
  return {
    train: subset(dataset, parts[0]),
    val: subset(dataset, parts[1]),
    test: subset(dataset, parts[2]),
  };
}

/** Each class's images as groups of identical ones (most of them alone), a group under its first image's class. */
function identicalGroups(dataset: Dataset): number[][][] {
  const [n, h, w, c] = dataset.shape;
  const per = h * w * c;
  const byClass: number[][][] = dataset.classNames.map(() => []);
  const seen = new Map<string, number[]>();
  const noLabels = new Int32Array(0);
  for (let i = 0; i < n; i++) {
    const key = contentHash({
      images: dataset.images.subarray(i * per, (i + 1) * per),
      labels: noLabels,
      shape: [1, h, w, c],
    });
    const group = seen.get(key);
    if (group) group.push(i);
    else {
      const fresh = [i];
      seen.set(key, fresh);
      byClass[dataset.labels[i] as number]?.push(fresh);
    }
  }
  return byClass;
}

function shuffle<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    const t = items[i] as T;
    items[i] = items[j] as T;
    items[j] = t;
  }
}

/** Options of {@link batches}. */
export interface BatchOptions {
  batchSize: number;
  /** Shuffle the order each epoch (seeded by `seed` and `epoch`). Default: true. */
  shuffle?: boolean;
  seed?: number;
  /** Epoch number: a new order each epoch, the same order for the same epoch. */
  epoch?: number;
  /** Drop a last batch smaller than `batchSize`. Default: false. */
  dropLast?: boolean;
}

/** One batch: `size` images (NHWC, copied) and their labels. */
export interface Batch<T extends PixelArray = PixelArray> {
  images: T;
  labels: Int32Array;
  size: number;
  shape: [number, number, number, number];
}

/**
 * Iterates over a dataset in batches, in a seeded shuffled order (or in order), each image once per epoch.
 *
 * @example for (const b of batches(train, { batchSize: 32, seed: 1, epoch })) model.trainOnBatch(b.images, b.labels);
 */
export function* batches<T extends PixelArray>(
  dataset: Dataset<T>,
  options: BatchOptions,
): Generator<Batch<T>> {
  const { batchSize } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new InvalidOptionError(`batchSize must be a positive integer (got ${batchSize}).`);
  }
  const n = dataset.shape[0];
  const order = Array.from({ length: n }, (_, i) => i);
  if (options.shuffle ?? true)
    shuffle(order, new Rng(((options.seed ?? 0) * 7919 + (options.epoch ?? 0)) | 0));
  for (let start = 0; start < n; start += batchSize) {
    const idx = order.slice(start, start + batchSize);
    if (idx.length < batchSize && options.dropLast) return;
    const part = subset(dataset, idx);
    yield { images: part.images, labels: part.labels, size: idx.length, shape: part.shape };
  }
}
