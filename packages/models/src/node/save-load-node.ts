import * as path from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ModelMetadata } from '../metadata.js';
import { type LoadedModel, loadModel, saveModel } from '../save-load.js';
import { type FileSystemHandlerOptions, fileSystemHandler, MODEL_JSON_FILE } from './file-system-handler.js';

/** Options of {@link saveModelToDir}. */
export interface SaveModelToDirOptions extends tf.io.SaveConfig {
  /** Replace a model already in the folder. Default false. */
  overwrite?: boolean;
}

/** Options of {@link loadModelFromDir}: the size limits of {@link fileSystemHandler}, and tfjs's `strict`. */
export interface LoadModelFromDirOptions extends Omit<FileSystemHandlerOptions, 'overwrite'> {
  /** Refuse weights that do not match the model's layers exactly (tfjs's default). Default true. */
  strict?: boolean;
}

/**
 * Saves `model` with `metadata` into the folder `dir` as `model.json` + `weights.bin`, the standard tfjs layers
 * format: serve the folder and `tf.loadLayersModel('<url>/model.json')` loads it in any browser. The write is
 * atomic and never replaces an existing model unless `overwrite` is set.
 *
 * @throws ModelExistsError when `dir` already holds a model and `overwrite` is not set.
 * @throws InvalidModelError when the metadata does not fit the model.
 * @throws ModelFileError when the folder cannot be written.
 */
export async function saveModelToDir(
  model: tfl.LayersModel,
  dir: string,
  metadata: ModelMetadata,
  options: SaveModelToDirOptions = {},
): Promise<tf.io.SaveResult> {
  const { overwrite, ...config } = options;
  return saveModel(model, fileSystemHandler(dir, { overwrite }), metadata, config);
}

/**
 * Loads the model saved in the folder `dir` and its checked metadata, refusing broken, truncated, oversized or
 * unsafe files and metadata that does not fit the model (see {@link fileSystemHandler}).
 *
 * @throws ModelFileError naming the file at fault and the fix.
 * @throws InvalidModelError when the metadata is missing or does not fit the model.
 */
export async function loadModelFromDir(
  dir: string,
  options: LoadModelFromDirOptions = {},
): Promise<LoadedModel> {
  const { strict, ...limits } = options;
  return loadModel(fileSystemHandler(dir, limits), {
    where: path.join(dir, MODEL_JSON_FILE),
    ...(strict === undefined ? {} : { strict }),
  });
}
