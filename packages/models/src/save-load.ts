import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { ModelFileError } from './errors/model-file-error.js';
import { ShapesModelsError } from './errors/shapes-models-error.js';
import { isFewShotState } from './few-shot.js';
import { checkMetadata, METADATA_KEY, type ModelMetadata, readMetadata } from './metadata.js';
import { withPrototypeHead } from './prototype-layers.js';
import { checkTopologyLimits } from './topology-limits.js';

/** A model loaded with {@link loadModel}, and its checked metadata. */
export interface LoadedModel {
  model: tfl.LayersModel;
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
 * A few-shot model (a `FewShotState` in `metadata.prototypes`) is written with its prototype head folded into
 * the graph (see `withPrototypeHead`), so a plain `tf.loadLayersModel` answers its classes rather than the base's;
 * the saved `classNames` are then the head's, in output order, and `prototypes` (with the `unknown` threshold)
 * stay in the metadata, so {@link loadModel} and `classifierOf` answer as before. An `openSet` rule of the
 * base's outputs, which a few-shot head never uses, is left out. A base that is not a Sequential model keeps its
 * own graph, outputs and metadata.
 *
 * @throws InvalidModelError when the metadata is invalid or does not fit the model; the handler's own errors.
 */
export async function saveModel(
  model: tfl.LayersModel,
  handlerOrUrl: string | tf.io.IOHandler,
  metadata: ModelMetadata,
  config?: tf.io.SaveConfig,
): Promise<tf.io.SaveResult> {
  const checked = checkMetadata(model, metadata, 'The metadata to save');
  const others = (model.getUserDefinedMetadata() ?? {}) as Record<string, unknown>;
  const few = isFewShotState(checked.prototypes) ? checked.prototypes : undefined;
  if (!few || !(model instanceof tfl.Sequential)) {
    model.setUserDefinedMetadata({ ...others, [METADATA_KEY]: checked } as Record<string, object>);
    return model.save(handlerOrUrl, config);
  }
  const folded = withPrototypeHead(model, few);
  try {
    // An open-set rule reads the base's softmax outputs, which the folded graph no longer has and a few-shot
    // head never used (its threshold is in `prototypes`).
    const { openSet: _baseRule, ...rest } = checked;
    const saved = checkMetadata(folded, { ...rest, classNames: [...few.classNames] }, 'The metadata to save');
    folded.setUserDefinedMetadata({ ...others, [METADATA_KEY]: saved } as Record<string, object>);
    return await folded.save(handlerOrUrl, config);
  } finally {
    folded.dispose();
  }
}

/**
 * Loads a layers model saved by {@link saveModel} (`tf.loadLayersModel` underneath) and checks its metadata
 * against it: the class count against the output units, input size and channels against the input shape.
 * Before tfjs builds anything, the topology is checked against the limits that keep an edited file from
 * exhausting memory (input size, and weights that the weights file must hold); after loading, the weights are
 * checked to be finite numbers.
 *
 * @throws InvalidModelError when the metadata is missing, of an unknown version, or does not fit the model.
 * @throws ModelFileError when the topology is over those limits, the weights hold NaN or Infinity, or tfjs
 *   cannot build the model from what it loaded (the message names `where`).
 */
export async function loadModel(
  handlerOrUrl: string | tf.io.IOHandler,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const { model, where } = await loadCheckedLayers(handlerOrUrl, options);
  try {
    return { model, metadata: readMetadata(model, where) };
  } catch (error) {
    // The caller never receives the model, so nobody else could free its weights.
    model.dispose();
    throw error;
  }
}

/**
 * A layers model loaded with every check of {@link loadModel} but the metadata's (topology limits, finite
 * weights), for formats that keep their metadata elsewhere, such as Teachable Machine's `metadata.json`.
 */
export async function loadCheckedLayers(
  handlerOrUrl: string | tf.io.IOHandler,
  options: LoadModelOptions = {},
): Promise<{ model: tfl.LayersModel; where: string }> {
  const { where = typeof handlerOrUrl === 'string' ? handlerOrUrl : 'The model', ...loadOptions } = options;
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(checkedHandler(handlerOrUrl, where, loadOptions), loadOptions);
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
    checkFinite(model, where);
    return { model, where };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * The handler tf.loadLayersModel would use for `handlerOrUrl`, with the topology checked (see
 * checkTopologyLimits) between loading the files and building the layers, the one point where tfjs lets us in.
 */
function checkedHandler(
  handlerOrUrl: string | tf.io.IOHandler,
  where: string,
  options: tf.io.LoadOptions,
): string | tf.io.IOHandler {
  let handler: tf.io.IOHandler;
  if (typeof handlerOrUrl !== 'string') handler = handlerOrUrl;
  else {
    // As tf.loadLayersModel does: a URL that no registered handler claims is fetched over HTTP.
    const handlers = tf.io.getLoadHandlers(handlerOrUrl, options);
    // Several claim it: tfjs refuses the URL itself, before loading anything.
    if (handlers.length > 1) return handlerOrUrl;
    handler = handlers[0] ?? tf.io.http(handlerOrUrl, options);
  }
  const { load } = handler;
  if (load == null) return handler;
  return {
    load: async () => {
      const artifacts = await load.call(handler);
      const data = artifacts.weightData ?? [];
      const bytes = (Array.isArray(data) ? data : [data]).reduce((sum, b) => sum + b.byteLength, 0);
      checkTopologyLimits(artifacts.modelTopology, artifacts.weightSpecs, where, bytes);
      return artifacts;
    },
  };
}

// One NaN weight turns every answer into NaN, shown as "NaN%" rather than as an error.
function checkFinite(model: tfl.LayersModel, where: string): void {
  const weights = model.weights;
  if (weights.length === 0) return;
  const perWeight = tf.tidy(() => tf.stack(weights.map((w) => tf.sum(tf.logicalNot(tf.isFinite(w.read()))))));
  const counts = Array.from(perWeight.dataSync());
  perWeight.dispose();
  const bad = counts.reduce((a, b) => a + b, 0);
  if (bad === 0) return;
  const total = weights.reduce((sum, w) => sum + w.read().size, 0);
  const first = weights[counts.findIndex((n) => n > 0)]!.originalName;
  throw new ModelFileError(
    `${where}: the weights hold NaN or Infinity (${bad} of ${total} values, starting in "${first}"), so the ` +
      "model's answers would be meaningless. Retrain the model, or restore its files from a copy.",
    where,
  );
}
