import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { type Classifier, classifierOf, type ImageBatch, type Prediction } from '@shapes/models';
import { loadModelFromDir, MODEL_JSON_FILE } from '@shapes/models/node';
import { UsageError } from '../errors/usage-error.js';

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
