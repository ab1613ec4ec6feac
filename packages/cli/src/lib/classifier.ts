import { existsSync } from 'node:fs';
import {
  type Classifier,
  classifierOf,
  loadPretrainedBase,
  ModelFileError,
  PRETRAINED,
} from '@shapes/models';
import { loadModelFromPath } from '@shapes/models/node';
import { UsageError } from '../errors/usage-error.js';

/** What `--model` and `--from` take, for their help. */
export const MODEL_OPTION_HELP =
  'model folder (from `shapes train` or `shapes transfer`, or a Teachable Machine export) or a model .json ' +
  `file (such as the playground's shapes-model.json), or "${PRETRAINED}" for the base that ships`;

/**
 * Loads the model at `where`: a folder written by `shapes train` or `shapes transfer`, a model's .json file or
 * a folder holding one (the playground's Download, `shapes-model.json` and `shapes-model.weights.bin`), a
 * Teachable Machine image model (model.json, weights.bin, metadata.json), or the pretrained base for
 * {@link PRETRAINED}. A path that is missing or holds no model gets a message that says what a model is.
 */
export async function loadClassifier(where: string, option = '--model'): Promise<Classifier> {
  if (where === PRETRAINED) {
    const { model, metadata } = await loadPretrainedBase();
    return classifierOf(model, metadata);
  }
  if (!existsSync(where)) {
    throw new UsageError(
      `${option}: "${where}" does not exist. Pass a model folder or a model's .json file.`,
    );
  }
  try {
    const { model, metadata } = await loadModelFromPath(where);
    return classifierOf(model, metadata);
  } catch (error) {
    // Errors about the path itself (no model there, several) get the option's name and what it takes.
    if (error instanceof ModelFileError && error.path === where) {
      throw new UsageError(
        `${option}: ${error.message} Pass a folder written by \`shapes train --out DIR\` or \`shapes transfer ` +
          `--out DIR\`, a model's .json file, or "${PRETRAINED}" for the base that ships.`,
        { cause: error },
      );
    }
    throw error;
  }
}
