import * as tf from '@tensorflow/tfjs';
import { ModelFileError } from './errors/model-file-error.js';
import { ShapesModelsError } from './errors/shapes-models-error.js';
import { checkMetadata, METADATA_KEY, type ModelMetadata, readMetadata } from './metadata.js';

/** A model loaded with {@link loadModel}, and its checked metadata. */
export interface LoadedModel {
  model: tf.LayersModel;
  metadata: ModelMetadata;
}

/** Options of {@link loadModel}: tfjs's own load options, and a name for the model in error messages. */
export interface LoadModelOptions extends tf.io.LoadOptions {
  /** How messages name the model (a file or URL). Default: the URL, or "The model" for a handler. */
  where?: string;
}

/**
 * Saves `model` in the standard tfjs layers format with `metadata` as `userDefinedMetadata.shapes` (other keys
 * there are kept), through any tfjs handler or URL: `indexeddb://...`, `downloads://...`, `http(s)://...`, or
 * `fileSystemHandler(dir)` from `@shapes/models/node`. Any `tf.loadLayersModel` can load the result.
 *
 * The metadata is checked against the model first, so a model is never written with class names or an input
 * format that do not fit it.
 *
 * @throws InvalidModelError when the metadata is invalid or does not fit the model; the handler's own errors.
 */
export async function saveModel(
  model: tf.LayersModel,
  handlerOrUrl: string | tf.io.IOHandler,
  metadata: ModelMetadata,
  config?: tf.io.SaveConfig,
): Promise<tf.io.SaveResult> {
  const checked = checkMetadata(model, metadata, 'The metadata to save');
  const others = (model.getUserDefinedMetadata() ?? {}) as Record<string, unknown>;
  model.setUserDefinedMetadata({ ...others, [METADATA_KEY]: checked } as Record<string, object>);
  return model.save(handlerOrUrl, config);
}

/**
 * Loads a layers model saved by {@link saveModel} (`tf.loadLayersModel` underneath) and checks its metadata
 * against it: the class count against the output units, input size and channels against the input shape.
 *
 * @throws InvalidModelError when the metadata is missing, of an unknown version, or does not fit the model.
 * @throws ModelFileError when tfjs cannot build the model from what it loaded (the message names `where`).
 */
export async function loadModel(
  handlerOrUrl: string | tf.io.IOHandler,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const { where = typeof handlerOrUrl === 'string' ? handlerOrUrl : 'The model', ...loadOptions } = options;
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(handlerOrUrl, loadOptions);
  } catch (error) {
    if (error instanceof ShapesModelsError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelFileError(
      `${where}: tfjs cannot load this layers model: ${message} The files may be damaged or come from an ` +
        'incompatible tool; save the model again.',
      where,
      { cause: error },
    );
  }
  try {
    return { model, metadata: readMetadata(model, where) };
  } catch (error) {
    // The caller never receives the model, so nobody else could free its weights.
    model.dispose();
    throw error;
  }
}
