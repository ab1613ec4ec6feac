import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelMetadata } from './metadata.js';
import { capturedArtifacts } from './model-files.js';
import { saveModel } from './save-load.js';

/**
 * A tiny classifier whose embedding is the 4x4 image itself (flattened) and whose logits are a fixed linear map
 * of it, so what open-set rules and prototype heads compute can be checked by hand.
 */
export function pixelModel(logitWeights: number[][]): tfl.Sequential {
  const classes = logitWeights[0]?.length ?? 0;
  const model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ name: 'embedding', inputShape: [4, 4, 1] }),
      tfl.layers.dense({ name: 'head_output', units: classes, activation: 'softmax' }),
    ],
  });
  model.getLayer('head_output').setWeights([tf.tensor2d(logitWeights), tf.zeros([classes])]);
  return model;
}

/** 4x4 gray images (bytes), each with the listed pixels at `value` and the rest black. */
export function images(lit: number[][], value = 255): { images: Uint8Array; shape: [number, 4, 4, 1] } {
  const out = new Uint8Array(lit.length * 16);
  lit.forEach((pixels, i) => {
    for (const p of pixels) out[i * 16 + p] = value;
  });
  return { images: out, shape: [lit.length, 4, 4, 1] };
}

/** What `saveModel` writes for `model`, kept in memory (load it back with `tf.io.fromMemory`). */
export function saveToMemory(model: tfl.LayersModel, metadata: ModelMetadata): Promise<tf.io.ModelArtifacts> {
  return capturedArtifacts((handler) => saveModel(model, handler, metadata));
}
