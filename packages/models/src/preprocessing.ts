import { frameInk } from '@shapes/data';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ImageBatch } from './image-batch.js';

/**
 * What a model does to images before its first layer: pixels scaled to [0, 1] (`unit`: byte / 255), and with
 * `frame: 'ink'`, each image's ink first centred and scaled to fill the frame (`frameInk` of `@shapes/data`).
 * Saved in the model's metadata, so every program that loads the model prepares images the same way.
 */
export interface Preprocessing {
  scale: 'unit';
  /** `ink`: frame each image's ink, as models transferred from a few examples do. Absent: images as they are. */
  frame?: 'ink';
  /**
   * With `frame: 'ink'`, `ink` also makes the ink light on black at full contrast (`frameInk`'s `normalize`), so
   * pen on paper, colour on black and faint photos look alike to the model. Absent: the framed pixels as they are.
   */
  normalize?: 'ink';
}

const UNIT: Preprocessing = { scale: 'unit' };

// Kept beside the model rather than in it: tfjs layers cannot hold a step that is not a tensor op and still load
// in any browser with `tf.loadLayersModel`. A WeakMap lets a disposed model go.
const byModel = new WeakMap<tfl.LayersModel, Preprocessing>();

/**
 * Sets the preprocessing of `model`: every function of this package that runs it (`modelOutputs`, `predict`,
 * `embed`, ...) and `@shapes/train`'s Trainer then prepare its images so, and `createMetadata` saves it.
 * `loadModel`, `readMetadata` and `classifierOf` set it from the metadata.
 */
export function setPreprocessing(model: tfl.LayersModel, preprocessing: Preprocessing): void {
  byModel.set(model, { ...preprocessing });
}

/** The preprocessing of `model` (see {@link setPreprocessing}); `{ scale: 'unit' }` unless set. */
export function preprocessingOf(model: tfl.LayersModel): Preprocessing {
  return { ...(byModel.get(model) ?? UNIT) };
}

/**
 * `batch` as `model` takes it: framed when the model's preprocessing says so, else `batch` itself. The scaling to
 * [0, 1] happens where the pixels become a tensor.
 */
export function preprocessImages<B extends ImageBatch>(model: tfl.LayersModel, batch: B): B {
  const p = byModel.get(model);
  return p?.frame === 'ink' ? frameInk(batch, { normalize: p.normalize === 'ink' }) : batch;
}
