import type * as tf from '@tensorflow/tfjs';
import { FewShotClassifier, type FewShotState } from './few-shot.js';
import type { ImageBatch } from './image-batch.js';
import type { ModelMetadata } from './metadata.js';
import { type Prediction, predict } from './open-set/index.js';
import { setPreprocessing } from './preprocessing.js';

/** A saved model ready to answer: a trained head, or a few-shot prototype head on a base's embedding. */
export interface Classifier {
  /** The classes it answers (besides `unknown`). */
  classNames: readonly string[];
  inputSize: number;
  channels: 1 | 3;
  /** `softmax` for a trained head, `prototypes` for a few-shot head. */
  head: 'softmax' | 'prototypes';
  /** Whether it can answer `unknown` (it has a calibrated open-set rule or threshold). */
  openSet: boolean;
  model: tf.LayersModel;
  metadata: ModelMetadata;
  predict(batch: ImageBatch): Prediction[];
}

/** Whether `prototypes` in a model's metadata is a few-shot head's state. */
export function isFewShotState(value: unknown): value is FewShotState {
  const s = value as Partial<FewShotState> | undefined;
  return Array.isArray(s?.classNames) && Array.isArray(s?.prototypes) && typeof s?.temperature === 'number';
}

/**
 * Wraps a loaded model and its metadata as a {@link Classifier}: a few-shot head when the metadata holds a
 * `FewShotState` in `prototypes` (its classes then differ from the model's outputs), else the model's softmax
 * with its calibrated open-set rule. The CLI and the web playground save few-shot heads this way, so either
 * loads what the other saved. The model takes the metadata's preprocessing (see `setPreprocessing`).
 *
 * @example
 * const { model, metadata } = await loadModel('/experiment/base/model.json');
 * const [p] = classifierOf(model, metadata).predict(image); // { label: 'circle' | ... | 'unknown', ... }
 */
export function classifierOf(model: tf.LayersModel, metadata: ModelMetadata): Classifier {
  setPreprocessing(model, metadata.preprocessing);
  const common = { inputSize: metadata.inputSize, channels: metadata.channels, model, metadata };
  if (isFewShotState(metadata.prototypes)) {
    const few = new FewShotClassifier(model, metadata.prototypes);
    return {
      ...common,
      classNames: few.classNames,
      head: 'prototypes',
      openSet: metadata.prototypes.threshold !== undefined,
      predict: (batch) => few.predict(batch),
    };
  }
  const rule = metadata.openSet;
  return {
    ...common,
    classNames: metadata.classNames,
    head: 'softmax',
    openSet: rule !== undefined,
    predict: (batch) => predict(model, batch, { classNames: metadata.classNames, rule }),
  };
}
