import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { MAX_INPUT_SIZE } from '../limits.js';

/** Options shared by the architectures. */
export interface ArchitectureOptions {
  /** Number of output classes. */
  classes: number;
  /** Input side in pixels (images are square). */
  inputSize?: number;
  /** 1 for grayscale, 3 for RGB. */
  channels?: 1 | 3;
  /**
   * Seeds the weight initializers, so the same seed gives the same starting weights. Without it, tfjs draws
   * from `Math.random`. (Dropout masks are not seeded here: a seeded tfjs dropout repeats one mask forever.)
   */
  seed?: number;
}

/**
 * Layer names every architecture here uses, so that transfer learning can find its parts: feature blocks are
 * `block<N>_*`, the feature vector is the layer named `embedding`, and everything after it is the head.
 */
export const EMBEDDING_LAYER = 'embedding';

/** Checks the options, naming the one that is wrong. */
export function checkArchitectureOptions(
  o: ArchitectureOptions,
  defaults: { inputSize: number; channels: 1 | 3; minSize: number },
): { classes: number; inputSize: number; channels: 1 | 3 } {
  const inputSize = o.inputSize ?? defaults.inputSize;
  const channels = o.channels ?? defaults.channels;
  if (!Number.isInteger(o.classes) || o.classes < 1) {
    throw new InvalidModelError(`classes must be a positive integer (got ${o.classes}).`);
  }
  // A bigger model could not be saved: its metadata would be refused (see MAX_INPUT_SIZE).
  if (!Number.isInteger(inputSize) || inputSize < defaults.minSize || inputSize > MAX_INPUT_SIZE) {
    throw new InvalidModelError(
      `inputSize must be an integer from ${defaults.minSize} to ${MAX_INPUT_SIZE} (got ${inputSize}).`,
    );
  }
  if (channels !== 1 && channels !== 3)
    throw new InvalidModelError(`channels must be 1 or 3 (got ${channels}).`);
  return { classes: o.classes, inputSize, channels };
}

/**
 * Initializer options for the `index`-th layer with weights: a distinct seed per layer, since tfjs initializers
 * seeded alike would draw the same numbers for every layer of the same shape.
 */
export function seededKernel(
  seed: number | undefined,
  index: number,
): { kernelInitializer?: ReturnType<typeof tfl.initializers.glorotUniform> } {
  if (seed === undefined) return {};
  return { kernelInitializer: tfl.initializers.glorotUniform({ seed: seed * 7919 + index }) };
}

/**
 * A 3x3 `same` relu convolution named `block<n>_conv`, its kernel seeded as the `n`-th layer with weights; `extra`
 * overrides (a first layer's `inputShape`, a larger kernel or a stride).
 */
export function convBlock(
  n: number,
  filters: number,
  seed: number | undefined,
  extra: Partial<Parameters<typeof tfl.layers.conv2d>[0]> = {},
): tfl.layers.Layer {
  return tfl.layers.conv2d({
    name: `block${n}_conv`,
    filters,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    ...seededKernel(seed, n),
    ...extra,
  });
}

/** A 2x2 max pool named `block<n>_pool`. */
export function poolBlock(n: number): tfl.layers.Layer {
  return tfl.layers.maxPooling2d({ name: `block${n}_pool`, poolSize: 2 });
}

/**
 * The head after the `embedding`: dense 64 relu (`head_dense`), then a softmax over `classes` (`head_output`),
 * their kernels seeded as layers `index` and `index + 1`.
 */
export function denseHead(classes: number, seed: number | undefined, index: number): tfl.layers.Layer[] {
  return [
    tfl.layers.dense({ name: 'head_dense', units: 64, activation: 'relu', ...seededKernel(seed, index) }),
    tfl.layers.dense({
      name: 'head_output',
      units: classes,
      activation: 'softmax',
      ...seededKernel(seed, index + 1),
    }),
  ];
}
