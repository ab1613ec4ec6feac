import { InvalidModelError } from '../errors/invalid-model-error.js';

/** Options shared by the architectures. */
export interface ArchitectureOptions {
  /** Number of output classes. */
  classes: number;
  /** Input side in pixels (images are square). */
  inputSize?: number;
  /** 1 for grayscale, 3 for RGB. */
  channels?: 1 | 3;
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
  if (!Number.isInteger(inputSize) || inputSize < defaults.minSize) {
    throw new InvalidModelError(
      `inputSize must be an integer of at least ${defaults.minSize} (got ${inputSize}).`,
    );
  }
  if (channels !== 1 && channels !== 3)
    throw new InvalidModelError(`channels must be 1 or 3 (got ${channels}).`);
  return { classes: o.classes, inputSize, channels };
}
