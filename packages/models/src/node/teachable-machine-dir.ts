import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelExistsError } from '../errors/model-exists-error.js';
import { ModelFileError } from '../errors/model-file-error.js';
import type { ModelMetadata } from '../metadata.js';
import type { LoadedModel } from '../save-load.js';
import { type TeachableMachineOptions, toTeachableMachine } from '../teachable-machine/export-model.js';
import { loadTeachableMachine } from '../teachable-machine/import-model.js';
import {
  checkTeachableMachineMetadata,
  type TeachableMachineMetadata,
  TM_METADATA_FILE,
  TM_MODEL_FILE,
  TM_WEIGHTS_FILE,
} from '../teachable-machine/tm-metadata.js';
import { fileSystemHandler } from './file-system-handler.js';
import type { LoadModelFromDirOptions } from './save-load-node.js';

/** Options of {@link saveTeachableMachineToDir}: those of `toTeachableMachine`, and `overwrite`. */
export interface SaveTeachableMachineOptions extends TeachableMachineOptions {
  /** Replace the files of a model already in the folder. Default false. */
  overwrite?: boolean;
}

/** What {@link saveTeachableMachineToDir} wrote into metadata.json, and what the plain model cannot do. */
export interface SavedTeachableMachine {
  metadata: TeachableMachineMetadata;
  notes: string[];
}

// Teachable Machine's metadata.json is a few hundred bytes; this leaves room for any userMetadata.
const MAX_METADATA_BYTES = 1024 * 1024;

/**
 * Saves `model` in Teachable Machine's image format (see `toTeachableMachine`) into the folder `dir`:
 * `model.json`, `weights.bin` and `metadata.json`, the three files Teachable Machine's export writes. Serve the
 * folder and `tmImage.load(url + 'model.json', url + 'metadata.json')`, or ml5's `imageClassifier(url +
 * 'model.json')`, answers with its classes. model.json and weights.bin are written as `saveModelToDir` writes
 * them (atomically, never over a model unless `overwrite`), then metadata.json.
 *
 * @throws ModelExistsError when `dir` already holds one of the three files and `overwrite` is not set.
 * @throws InvalidModelError as `toTeachableMachine` does; ModelFileError when the folder cannot be written.
 */
export async function saveTeachableMachineToDir(
  model: tfl.LayersModel,
  metadata: ModelMetadata,
  dir: string,
  options: SaveTeachableMachineOptions = {},
): Promise<SavedTeachableMachine> {
  const { overwrite = false, ...tmOptions } = options;
  if (!overwrite) {
    for (const name of [TM_MODEL_FILE, TM_WEIGHTS_FILE, TM_METADATA_FILE]) {
      const file = path.join(dir, name);
      if (await exists(file)) {
        throw new ModelExistsError(
          `A model already exists in "${dir}" ("${file}" is there). Pass { overwrite: true } to replace it, or ` +
            'save to another folder.',
          file,
        );
      }
    }
  }
  const tm = toTeachableMachine(model, metadata, tmOptions);
  try {
    await tm.model.save(fileSystemHandler(dir, { overwrite }));
  } finally {
    tm.model.dispose();
  }
  await writeAtomically(path.join(dir, TM_METADATA_FILE), `${JSON.stringify(tm.metadata, null, 2)}\n`);
  return { metadata: tm.metadata, notes: tm.notes };
}

/**
 * Loads the Teachable Machine image model in the folder `dir` (its export, unzipped: model.json, weights.bin,
 * metadata.json) as `loadTeachableMachine` does, with the file checks of `loadModelFromDir`.
 *
 * @throws ModelFileError naming the file at fault; InvalidModelError when metadata.json is invalid or does not
 *   fit the model.
 */
export async function loadTeachableMachineFromDir(
  dir: string,
  options: LoadModelFromDirOptions = {},
): Promise<LoadedModel> {
  const metadata = (await readTeachableMachineMetadata(dir)) as TeachableMachineMetadata;
  const { strict, ...limits } = options;
  return loadTeachableMachine(fileSystemHandler(dir, limits), metadata, {
    where: dir,
    ...(strict === undefined ? {} : { strict }),
  });
}

/**
 * The metadata.json in `dir`, checked (see `checkTeachableMachineMetadata`); with `optional`, undefined when
 * there is none.
 *
 * @throws ModelFileError when it is missing (unless `optional`), too large, or not JSON; InvalidModelError when
 *   its fields are invalid.
 */
export async function readTeachableMachineMetadata(
  dir: string,
  { optional = false }: { optional?: boolean } = {},
): Promise<TeachableMachineMetadata | undefined> {
  const file = path.join(dir, TM_METADATA_FILE);
  let text: string;
  try {
    const stats = await fs.stat(file);
    if (stats.size > MAX_METADATA_BYTES) {
      throw new ModelFileError(
        `"${file}" is ${stats.size} bytes, over the ${MAX_METADATA_BYTES} a Teachable Machine metadata.json ` +
          'could need; it is damaged or not one. Export the model again.',
        file,
      );
    }
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ModelFileError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && optional) return undefined;
    throw new ModelFileError(
      `"${file}" cannot be read (${(error as Error).message}). A Teachable Machine model needs the ` +
        `${TM_METADATA_FILE} of its export beside model.json.`,
      file,
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(
      `"${file}" is not valid JSON (${(error as Error).message}). Export the model again.`,
      file,
      { cause: error },
    );
  }
  return checkTeachableMachineMetadata(json, file);
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch {
    return false;
  }
}

// A temporary file beside the target, renamed over it, so a reader never finds half a metadata.json.
async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await fs.writeFile(tmp, text, { flag: 'wx' });
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw new ModelFileError(`Cannot write "${file}": ${(error as Error).message}.`, file, { cause: error });
  }
}
