import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelError } from './errors/invalid-model-error.js';
import type { ModelMetadata } from './metadata.js';
import { saveModel } from './save-load.js';

/** The two files of a model as a browser download writes them: `<name>.json` and `<name>.weights.bin`. */
export interface ModelFiles {
  /** `<name>.json`, whose weights manifest names `./<name>.weights.bin`, with the metadata inside. */
  modelJson: tf.io.ModelJSON;
  /** `<name>.weights.bin`. */
  weights: ArrayBuffer;
  /** The file names, to write the two files under. */
  names: { modelJson: string; weights: string };
}

/** Options of {@link modelFiles}. */
export interface ModelFilesOptions {
  /** The files' name without extension, as in `downloads://<name>`. Default `model`. */
  name?: string;
}

/**
 * What `model.save(...)` hands its handler, kept in memory: `save` gets the handler to save through, such as
 * `(handler) => saveModel(model, handler, metadata)`.
 */
export async function capturedArtifacts(
  save: (handler: tf.io.IOHandler) => Promise<unknown>,
): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }),
  );
  return artifacts as tf.io.ModelArtifacts;
}

/**
 * The files `saveModel(model, 'downloads://<name>', metadata)` makes a browser download (the playground's
 * Download gives `shapes-model.json` and `shapes-model.weights.bin`), built in memory, in Node too: write them
 * into one folder and `loadModelFromPath` of `@shapes/models/node`, `shapes predict --model` and the playground's
 * Files input load them. A few-shot model is written as `saveModel` writes it, its head in the graph.
 *
 * @example
 * const files = await modelFiles(model, metadata, { name: 'shapes-model' });
 * writeFileSync(files.names.modelJson, JSON.stringify(files.modelJson));
 * writeFileSync(files.names.weights, new Uint8Array(files.weights));
 * @throws InvalidModelError for a `name` that is not a plain file name, and as `saveModel` does.
 */
export async function modelFiles(
  model: tfl.LayersModel,
  metadata: ModelMetadata,
  { name = 'model' }: ModelFilesOptions = {},
): Promise<ModelFiles> {
  if (!/^[\w.-]+$/.test(name) || name.startsWith('.')) {
    throw new InvalidModelError(
      `modelFiles: name must be a file name without a folder or extension, such as "shapes-model" (got "${name}").`,
    );
  }
  const artifacts = await capturedArtifacts((handler) => saveModel(model, handler, metadata));
  const names = { modelJson: `${name}.json`, weights: `${name}.weights.bin` };
  return { ...filesOf(artifacts, `./${names.weights}`), names };
}

/**
 * A model.json and its weights from captured artifacts, with the fields and the one-file manifest that tfjs's
 * browserDownloads handler writes; `weightsPath` is the manifest's path to the weights file.
 */
export function filesOf(
  artifacts: tf.io.ModelArtifacts,
  weightsPath: string,
): { modelJson: tf.io.ModelJSON; weights: ArrayBuffer } {
  const { modelTopology, format, generatedBy, convertedBy, weightSpecs = [], weightData } = artifacts;
  return {
    modelJson: {
      modelTopology,
      format,
      generatedBy,
      convertedBy,
      weightsManifest: [{ paths: [weightsPath], weights: weightSpecs }],
      ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
    } as tf.io.ModelJSON,
    weights: weightData ? tf.io.CompositeArrayBuffer.join(weightData) : new ArrayBuffer(0),
  };
}
