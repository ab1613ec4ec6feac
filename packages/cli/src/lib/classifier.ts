import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { type Classifier, classifierOf, loadPretrainedBase } from '@shapes/models';
import { loadModelFromDir, MODEL_JSON_FILE } from '@shapes/models/node';
import { UsageError } from '../errors/usage-error.js';

/** What `--model` and `--from` take for the base that ships in `@shapes/models` (`loadPretrainedBase`). */
export const PRETRAINED = 'pretrained';

/**
 * Loads the model folder `dir` (written by `shapes train` or `shapes transfer`), or the pretrained base for
 * {@link PRETRAINED}. A path that is missing, a file, or a folder without `model.json` gets a message that says
 * what a model folder is.
 */
export async function loadClassifier(dir: string, option = '--model'): Promise<Classifier> {
  if (dir === PRETRAINED) {
    const { model, metadata } = await loadPretrainedBase();
    return classifierOf(model, metadata);
  }
  if (!existsSync(dir)) throw new UsageError(`${option}: "${dir}" does not exist. Pass a model folder.`);
  if (!statSync(dir).isDirectory() || !existsSync(path.join(dir, MODEL_JSON_FILE))) {
    throw new UsageError(
      `${option}: "${dir}" is not a model folder (it has no ${MODEL_JSON_FILE}). Pass a folder written by ` +
        `\`shapes train --out DIR\` or \`shapes transfer --out DIR\`, or "${PRETRAINED}" for the base that ships.`,
    );
  }
  const { model, metadata } = await loadModelFromDir(dir);
  return classifierOf(model, metadata);
}
