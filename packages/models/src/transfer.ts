import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { EMBEDDING_LAYER } from './architectures/options.js';
import { InvalidModelError } from './errors/invalid-model-error.js';

/**
 * Which feature layers stay fixed: all of them (`features`, the usual start), none (`none`, full fine-tuning),
 * or all but the last block (`all-but-last-block`, the usual second phase).
 */
export type FreezeMode = 'features' | 'none' | 'all-but-last-block';

/** The freeze modes, in order from most to least frozen. */
export const FREEZE_MODES: readonly FreezeMode[] = ['features', 'all-but-last-block', 'none'];

/** Options of {@link transfer}. */
export interface TransferOptions {
  /** Number of classes of the new head. */
  classes: number;
  /** Default: `features`. */
  freeze?: FreezeMode;
}

/**
 * Transfer learning done for real: a new model whose feature layers (everything up to the layer named
 * `embedding`) hold the base model's trained weights, with a fresh head of the same shape sized for `classes`.
 * The base is left as it was; training the new model never changes it. Compile (or recompile) the model after
 * this and after {@link setFrozen}: tfjs, like Keras, reads `trainable` when a model is compiled.
 *
 * @example
 * const model = transfer(base, { classes: 3 });                 // phase 1: head only
 * model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
 * setFrozen(model, 'all-but-last-block');                       // phase 2: fine-tune, lower rate
 * model.compile({ optimizer: tf.train.adam(1e-4), loss: 'sparseCategoricalCrossentropy' });
 */
export function transfer(
  base: tfl.LayersModel,
  { classes, freeze = 'features' }: TransferOptions,
): tfl.Sequential {
  if (!Number.isInteger(classes) || classes < 1) {
    throw new InvalidModelError(`classes must be a positive integer (got ${classes}).`);
  }
  if (!FREEZE_MODES.includes(freeze)) {
    throw new InvalidModelError(`freeze must be one of ${FREEZE_MODES.join(', ')} (got "${freeze}").`);
  }
  const layers = base.layers;
  const k = embeddingIndex(layers, 'The base model');
  const head = layers.slice(k + 1);
  const last = head.at(-1);
  if (!last || !('units' in last.getConfig())) {
    throw new InvalidModelError('The base model must end in a dense layer after its "embedding" layer.');
  }
  // New layers from the base's configurations: the same architecture, the head with fresh random weights.
  const features = layers.slice(0, k + 1).map((layer) => copyLayer(layer));
  const newHead = head.map((layer) => copyLayer(layer, layer === last ? { units: classes } : {}));
  const model = tfl.sequential({ name: `${base.name}_transfer`, layers: [...features, ...newHead] });
  // Tensors are immutable and an optimizer step replaces a variable's tensor, so sharing the base's values is
  // safe: the base keeps its own.
  features.forEach((layer, i) => {
    layer.setWeights((layers[i] as tfl.layers.Layer).getWeights());
  });
  setFrozen(model, freeze);
  return model;
}

/** Freezes the feature layers of a model from this package as `mode` says; the head always trains. */
export function setFrozen(model: tfl.LayersModel, mode: FreezeMode): void {
  const k = embeddingIndex(model.layers, 'The model');
  const blockOf = (name: string) => Number(/^block(\d+)_/.exec(name)?.[1] ?? Number.NaN);
  const lastBlock = Math.max(
    ...model.layers
      .slice(0, k + 1)
      .map((l) => blockOf(l.name))
      .filter((b) => b >= 0),
  );
  model.layers.forEach((layer, i) => {
    layer.trainable =
      i > k || mode === 'none' || (mode === 'all-but-last-block' && blockOf(layer.name) === lastBlock);
  });
}

/** Index of the layer named `embedding`, where the features end. @throws InvalidModelError naming `what`. */
export function embeddingIndex(layers: tfl.layers.Layer[], what: string): number {
  const k = layers.findIndex((l) => l.name === EMBEDDING_LAYER);
  if (k < 0) {
    throw new InvalidModelError(
      `${what} has no layer named "${EMBEDDING_LAYER}" marking where its features end; build it with createDefaultCnn or createSeedCnn, or name that layer.`,
    );
  }
  return k;
}

/**
 * A new, unbuilt layer of the same class and configuration as `layer` (with `overrides`), so it can join
 * another model without sharing weights or graph nodes with the original; copy weights with `setWeights`.
 */
export function copyLayer(
  layer: tfl.layers.Layer,
  overrides: Record<string, unknown> = {},
): tfl.layers.Layer {
  const cls = layer.constructor as unknown as {
    fromConfig(cls: unknown, config: tf.serialization.ConfigDict): tfl.layers.Layer;
  };
  return cls.fromConfig(cls, { ...layer.getConfig(), ...overrides } as tf.serialization.ConfigDict);
}
