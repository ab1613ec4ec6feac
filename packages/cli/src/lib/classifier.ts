import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  FewShotClassifier,
  type FewShotState,
  type ImageBatch,
  type ModelMetadata,
  type Prediction,
  predict,
} from '@shapes/models';
import { loadModelFromDir, MODEL_JSON_FILE } from '@shapes/models/node';
import type * as tf from '@tensorflow/tfjs';
import { UsageError } from '../errors/usage-error.js';

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
function isFewShotState(value: unknown): value is FewShotState {
  const s = value as Partial<FewShotState> | undefined;
  return Array.isArray(s?.classNames) && Array.isArray(s?.prototypes) && typeof s?.temperature === 'number';
}

/** Wraps a loaded model and its metadata as a {@link Classifier}. */
export function classifierOf(model: tf.LayersModel, metadata: ModelMetadata): Classifier {
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

/**
 * Loads the model folder `dir` (written by `shapes train` or `shapes transfer`). A path that is missing, a file,
 * or a folder without `model.json` gets a message that says what a model folder is.
 */
export async function loadClassifier(dir: string, option = '--model'): Promise<Classifier> {
  if (!existsSync(dir)) throw new UsageError(`${option}: "${dir}" does not exist. Pass a model folder.`);
  if (!statSync(dir).isDirectory() || !existsSync(path.join(dir, MODEL_JSON_FILE))) {
    throw new UsageError(
      `${option}: "${dir}" is not a model folder (it has no ${MODEL_JSON_FILE}). Pass a folder written by ` +
        '`shapes train --out DIR` or `shapes transfer --out DIR`.',
    );
  }
  const { model, metadata } = await loadModelFromDir(dir);
  return classifierOf(model, metadata);
}

// Images per progress step: small enough for a smooth bar, large enough to keep the backend busy.
const STEP = 512;

/** {@link Classifier.predict} over many images, with a progress bar. */
export function predictAll(
  classifier: Classifier,
  batch: ImageBatch,
  progress?: { update(n: number): void; stop(): void },
) {
  const [n, h, w, c] = batch.shape;
  const per = h * w * c;
  const predictions: Prediction[] = [];
  for (let i = 0; i < n; i += STEP) {
    const m = Math.min(STEP, n - i);
    predictions.push(
      ...classifier.predict({ images: batch.images.subarray(i * per, (i + m) * per), shape: [m, h, w, c] }),
    );
    progress?.update(i + m);
  }
  progress?.stop();
  return predictions;
}
