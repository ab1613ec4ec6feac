import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { ModelFileError } from '../errors/model-file-error.js';
import { METADATA_KEY } from '../metadata.js';
import { type LoadedModel, loadModel } from '../save-load.js';
import { loadTeachableMachine } from '../teachable-machine/import-model.js';
import { TM_METADATA_FILE } from '../teachable-machine/tm-metadata.js';
import { DEFAULT_MAX_MODEL_JSON_BYTES, fileSystemHandler, MODEL_JSON_FILE } from './file-system-handler.js';
import type { LoadModelFromDirOptions } from './save-load-node.js';
import { readTeachableMachineMetadata } from './teachable-machine-dir.js';

/** Where a model's JSON file is: its folder, and its name there. */
export interface ModelLocation {
  dir: string;
  /** `model.json`, or another name such as the `shapes-model.json` of a browser download. */
  modelJson: string;
}

/** A model loaded by {@link loadModelFromPath}: what `loadModel` returns, the format it was in, and its file. */
export interface LoadedModelFromPath extends LoadedModel {
  /** `shapes-model`: saved by @shapes; `teachable-machine`: a Teachable Machine image model, imported. */
  format: 'shapes-model' | 'teachable-machine';
  /** The model's JSON file. */
  path: string;
}

/**
 * The model JSON file that `p` names: `p` itself when it is a `.json` file; in a folder, its `model.json`, or
 * else the one `.json` file there holding a tfjs model (a browser download's `shapes-model.json`, beside
 * `shapes-model.weights.bin`). Teachable Machine's `metadata.json` is never taken for a model.
 *
 * @throws ModelFileError when `p` does not exist, is another kind of file, or is a folder with no model or
 *   several (the message lists them and says to pass one).
 */
export async function findModelJson(p: string): Promise<ModelLocation> {
  let stats: Awaited<ReturnType<typeof fs.stat>>;
  try {
    stats = await fs.stat(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new ModelFileError(
      `No model at "${p}": it does not exist. Pass a model's folder or its .json file.`,
      p,
      { cause: error },
    );
  }
  if (stats.isFile()) {
    if (!p.toLowerCase().endsWith('.json') || path.basename(p) === TM_METADATA_FILE) {
      throw new ModelFileError(
        `"${p}" is not a model's .json file. Pass the model's folder, or its .json file (model.json, or ` +
          'shapes-model.json as a browser download names it).',
        p,
      );
    }
    return { dir: path.dirname(p), modelJson: path.basename(p) };
  }
  if (!stats.isDirectory()) throw new ModelFileError(`"${p}" is neither a folder nor a file.`, p);
  const names = (await fs.readdir(p)).sort();
  if (names.includes(MODEL_JSON_FILE)) return { dir: p, modelJson: MODEL_JSON_FILE };
  const candidates = names.filter((n) => n.toLowerCase().endsWith('.json') && n !== TM_METADATA_FILE);
  const models: string[] = [];
  for (const name of candidates) if (await holdsModel(path.join(p, name))) models.push(name);
  if (models.length === 1) return { dir: p, modelJson: models[0] as string };
  if (models.length === 0) {
    throw new ModelFileError(
      `"${p}" is not a model folder: it holds no ${MODEL_JSON_FILE}, nor another tfjs model's .json file. A model ` +
        `folder holds ${MODEL_JSON_FILE} and weights.bin (as @shapes and Teachable Machine write them), or a ` +
        "browser download's shapes-model.json and shapes-model.weights.bin.",
      p,
    );
  }
  throw new ModelFileError(
    `"${p}" holds several models' .json files (${models.join(', ')}) and no ${MODEL_JSON_FILE}; pass the .json ` +
      'file of the one to load.',
    p,
  );
}

/**
 * Loads the model at `p` (a folder or a model's `.json` file, found as {@link findModelJson} says) with the
 * checks of `loadModelFromDir`: a model saved by @shapes with its metadata, or a Teachable Machine image model
 * (no @shapes metadata, a `metadata.json` beside it) imported as `loadTeachableMachine` does.
 *
 * @example
 * await loadModelFromPath('Downloads/shapes-model.json'); // what the playground's Download saved
 * await loadModelFromPath('my_model');                     // a Teachable Machine export, unzipped
 *
 * @throws ModelFileError naming the file at fault and the fix; InvalidModelError when the metadata is missing,
 *   invalid, or does not fit the model.
 */
export async function loadModelFromPath(
  p: string,
  options: LoadModelFromDirOptions = {},
): Promise<LoadedModelFromPath> {
  const { dir, modelJson } = await findModelJson(p);
  const jsonPath = path.join(dir, modelJson);
  const { strict, ...limits } = options;
  const artifacts = await fileSystemHandler(dir, { ...limits, modelJson }).load!();
  const memory = tf.io.fromMemory(artifacts);
  const strictness = strict === undefined ? {} : { strict };
  const ours = (artifacts.userDefinedMetadata as Record<string, unknown> | undefined)?.[METADATA_KEY];
  if (ours !== undefined) {
    return {
      ...(await loadModel(memory, { where: jsonPath, ...strictness })),
      format: 'shapes-model',
      path: jsonPath,
    };
  }
  const tm = await readTeachableMachineMetadata(dir, { optional: true });
  if (tm === undefined) {
    throw new InvalidModelError(
      `${jsonPath} has no @shapes metadata (userDefinedMetadata.${METADATA_KEY}) and no Teachable Machine ` +
        `${TM_METADATA_FILE} beside it, so its class names and input format are unknown. Save it with @shapes ` +
        `(saveModel with createMetadata), or put its Teachable Machine ${TM_METADATA_FILE} in the folder.`,
    );
  }
  const loaded = await loadTeachableMachine(memory, tm, { where: dir, ...strictness });
  return { ...loaded, format: 'teachable-machine', path: jsonPath };
}

// Parsed only as far as telling a model from other JSON (a dataset manifest, a report): the load checks the rest.
async function holdsModel(file: string): Promise<boolean> {
  try {
    const stats = await fs.stat(file);
    if (!stats.isFile() || stats.size > DEFAULT_MAX_MODEL_JSON_BYTES) return false;
    const json = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown> | null;
    return typeof json?.modelTopology === 'object' && Array.isArray(json?.weightsManifest);
  } catch {
    return false;
  }
}
