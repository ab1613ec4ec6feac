import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelError } from './errors/invalid-model-error.js';
import type { FewShotState } from './few-shot.js';
import { copyLayer, embeddingIndex } from './transfer.js';

/**
 * A few-shot head as standard layers, so a plain tfjs loader answers its classes: `prototype_cosine`, a small
 * model from the embedding to the cosine similarity with each prototype, then `prototype_output`, a dense
 * softmax over the similarities times the temperature. This is exactly what `FewShotClassifier.predict` computes.
 *
 * The head is cosine, not Euclidean, so the prototypes cannot simply become one dense layer: the embedding must
 * be divided by its own length, which no dense layer does. tfjs layers hold no constant and no L2 normalization
 * on their own; a `Dot` layer with `normalize: true` computes cosine similarities, and the prototypes reach it as
 * the output of a dense layer whose kernel is zero and whose bias holds them (so it outputs them for every
 * image), reshaped to one row per class. All of these exist since tfjs 1.0.
 *
 * The layers come unbuilt: call {@link setPrototypeWeights} once they are in a model.
 *
 * @throws InvalidModelError when the state has no classes, or its prototypes are not vectors of `embeddingSize`
 *   finite numbers (a head made on another base).
 */
export function prototypeLayers(state: FewShotState, embeddingSize: number): tfl.layers.Layer[] {
  checkPrototypes(state, embeddingSize);
  const k = state.prototypes.length;
  const embedding = tfl.input({ shape: [embeddingSize], name: 'prototype_embedding' });
  const zero = tfl.layers
    .dense({ name: 'prototype_zero', units: 1, useBias: false })
    .apply(embedding) as tfl.SymbolicTensor;
  const table = tfl.layers.dense({ name: 'prototype_table', units: k * embeddingSize }).apply(zero);
  const rows = tfl.layers.reshape({ name: 'prototype_rows', targetShape: [k, embeddingSize] }).apply(table);
  const column = tfl.layers
    .reshape({ name: 'prototype_column', targetShape: [1, embeddingSize] })
    .apply(embedding);
  const cosines = tfl.layers
    .dot({ name: 'prototype_dot', axes: [2, 2], normalize: true })
    .apply([rows, column] as tfl.SymbolicTensor[]);
  const flat = tfl.layers.flatten({ name: 'prototype_flat' }).apply(cosines) as tfl.SymbolicTensor;
  return [
    tfl.model({ name: 'prototype_cosine', inputs: embedding, outputs: flat }) as unknown as tfl.layers.Layer,
    tfl.layers.dense({ name: 'prototype_output', units: k, useBias: false, activation: 'softmax' }),
  ];
}

/** Sets the weights of the layers of {@link prototypeLayers} from `state`. */
export function setPrototypeWeights(layers: tfl.layers.Layer[], state: FewShotState): void {
  const [cosine, output] = layers as [tfl.LayersModel & tfl.layers.Layer, tfl.layers.Layer];
  const k = state.prototypes.length;
  const d = state.prototypes[0]?.length ?? 0;
  checkPrototypes(state, d);
  tf.tidy(() => {
    cosine.getLayer('prototype_zero').setWeights([tf.zeros([d, 1])]);
    cosine
      .getLayer('prototype_table')
      .setWeights([tf.zeros([1, k * d]), tf.tensor1d(state.prototypes.flat())]);
    output.setWeights([tf.mul(tf.eye(k), state.temperature)]);
  });
}

/**
 * The length of the vector `layer` outputs for each image: a few-shot head's embedding.
 *
 * @throws InvalidModelError when it outputs anything else, such as a feature map.
 */
export function embeddingSizeOf(layer: tfl.layers.Layer | undefined): number {
  const shape = layer?.outputShape;
  const size = Array.isArray(shape) ? shape.at(-1) : undefined;
  if (!Array.isArray(shape) || shape.length !== 2 || typeof size !== 'number') {
    throw new InvalidModelError('The few-shot model\'s "embedding" layer must output one vector per image.');
  }
  return size;
}

/**
 * A copy of `model` that answers the few-shot head's classes itself: its layers up to `embedding` (weights
 * copied), then {@link prototypeLayers}. A plain `tf.loadLayersModel` of what `saveModel` writes from it gets the
 * probabilities `FewShotClassifier.predict` gives, in `state.classNames` order; only the `unknown` threshold stays
 * in the metadata. The original is left as it was; dispose the copy when done.
 *
 * @throws InvalidModelError when `model` has no `embedding` layer, it outputs no vector, or the prototypes do not
 *   fit it.
 */
export function withPrototypeHead(model: tfl.Sequential, state: FewShotState): tfl.Sequential {
  const body = model.layers.slice(0, embeddingIndex(model.layers, "The few-shot model's base") + 1);
  const head = prototypeLayers(state, embeddingSizeOf(body.at(-1)));
  const copies = body.map((layer) => copyLayer(layer));
  const folded = tfl.sequential({ name: model.name, layers: [...copies, ...head] });
  try {
    copies.forEach((copy, i) => {
      copy.setWeights((body[i] as tfl.layers.Layer).getWeights());
    });
    setPrototypeWeights(head, state);
  } catch (error) {
    folded.dispose();
    throw error;
  }
  return folded;
}

function checkPrototypes(state: FewShotState, size: number): void {
  if (state.prototypes.length === 0) {
    throw new InvalidModelError(
      'The few-shot head has no classes yet; add one before saving or exporting it.',
    );
  }
  const bad = state.prototypes.findIndex((p) => p.length !== size || p.some((v) => !Number.isFinite(v)));
  if (bad >= 0) {
    const p = state.prototypes[bad] as number[];
    throw new InvalidModelError(
      p.length === size
        ? `The few-shot prototype of "${state.classNames[bad]}" holds NaN or Infinity; build the head again.`
        : `The few-shot prototype of "${state.classNames[bad]}" has ${p.length} values but the embedding has ` +
            `${size}: the head was made on another base. Build it again on this one.`,
    );
  }
}
