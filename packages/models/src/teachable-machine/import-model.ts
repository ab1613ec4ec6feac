import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { EMBEDDING_LAYER } from '../architectures/options.js';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { ModelFileError } from '../errors/model-file-error.js';
import { checkMetadata, LIBRARY, type ModelMetadata } from '../metadata.js';
import { setPreprocessing } from '../preprocessing.js';
import { type LoadedModel, type LoadModelOptions, loadCheckedLayers } from '../save-load.js';
import { copyLayer } from '../transfer.js';
import { TM_TO_UNIT } from './fold.js';
import {
  checkTeachableMachineMetadata,
  type TeachableMachineMetadata,
  TM_METADATA_FILE,
} from './tm-metadata.js';

/** The name of the layer an imported model starts with: it scales pixels as Teachable Machine does. */
export const TM_INPUT_LAYER = 'tm_input_scale';

const NO_INPUT = { batchInputShape: undefined, inputShape: undefined };

/**
 * A Teachable Machine image model (`tmModel`, as `tf.loadLayersModel` loads its model.json, and its
 * metadata.json's content) as a @shapes model with metadata, ready for `classifierOf`, `predict`, `transfer` and
 * `saveModel`: `labels` become `classNames`, `imageSize` the input size, `grayscale` one channel (else three).
 * The model is rebuilt in @shapes's conventions, copying the weights: a first layer, `tm_input_scale`, turns the
 * [0, 1] pixels @shapes feeds into Teachable Machine's `byte / 127 - 1`; Teachable Machine's nested models are
 * laid out as one sequence; and the input of its last dense layer is the `embedding` that transfer learning and
 * few-shot heads use. It has no open-set rule: it answers one of its labels, never `unknown`. `tmModel` is left
 * as it was (dispose it when done).
 *
 * @throws InvalidModelError naming `where` when the metadata is invalid or does not fit the model (labels
 *   against outputs, `imageSize` and `grayscale` against the input), or the model does not end in a dense
 *   softmax layer.
 */
export function fromTeachableMachine(
  tmModel: tfl.LayersModel,
  tmMetadata: unknown,
  where = 'The Teachable Machine model',
): LoadedModel {
  const meta = checkTeachableMachineMetadata(tmMetadata, `${where}: ${TM_METADATA_FILE}`);
  const chain = leaves(tmModel);
  const last = chain.at(-1);
  if (last?.getClassName() !== 'Dense' || last.getConfig().activation !== 'softmax') {
    throw new InvalidModelError(
      `${where}: the model ends in a ${last?.getClassName() ?? 'missing'} layer, not a dense softmax layer over ` +
        'its labels as Teachable Machine image models do, so its outputs cannot be read as class scores.',
    );
  }
  const shape = tmModel.inputs[0]?.shape ?? [];
  const [, size, width, channels] = shape;
  const want = meta.grayscale ? 1 : 3;
  if (
    tmModel.inputs.length !== 1 ||
    size !== meta.imageSize ||
    width !== meta.imageSize ||
    channels !== want
  ) {
    throw new InvalidModelError(
      `${where}: ${TM_METADATA_FILE} says images are ${meta.imageSize}x${meta.imageSize} ` +
        `${meta.grayscale ? 'gray' : 'RGB'}, but the model takes [${shape.map(String).join(', ')}]. The two files come from ` +
        'different exports; export the model again.',
    );
  }
  const units = last.outputShape.at(-1);
  if (units !== meta.labels.length) {
    throw new InvalidModelError(
      `${where}: ${TM_METADATA_FILE} names ${meta.labels.length} labels (${meta.labels.join(', ')}) but the ` +
        `model has ${units} outputs. The two files come from different exports; export the model again.`,
    );
  }
  const copies = chain.map((layer) => copyLayer(layer, NO_INPUT));
  const named = chain.some((layer) => layer.name === EMBEDDING_LAYER);
  const model = tfl.sequential({
    name: 'teachable_machine',
    layers: [
      tfl.layers.rescaling({
        name: TM_INPUT_LAYER,
        inputShape: [size, size, want],
        scale: 1 / TM_TO_UNIT.scale,
        offset: -TM_TO_UNIT.offset / TM_TO_UNIT.scale,
      }),
      ...copies.slice(0, -1),
      // Teachable Machine's own models name no embedding: it is what its last dense layer reads.
      ...(named ? [] : [tfl.layers.activation({ name: EMBEDDING_LAYER, activation: 'linear' })]),
      copies.at(-1) as tfl.layers.Layer,
    ],
  });
  try {
    copies.forEach((copy, i) => {
      copy.setWeights((chain[i] as tfl.layers.Layer).getWeights());
    });
    const metadata: ModelMetadata = {
      format: 'shapes-model',
      formatVersion: 1,
      classNames: [...meta.labels],
      inputSize: size,
      channels: want,
      preprocessing: { scale: 'unit' },
      architecture: 'teachable-machine',
      provenance: {
        createdAt: isoTime(meta.timeStamp) ?? new Date().toISOString(),
        library: LIBRARY,
        notes: provenanceNote(meta),
      },
    };
    const checked = checkMetadata(model, metadata, where);
    setPreprocessing(model, checked.preprocessing);
    return { model, metadata: checked };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/**
 * Loads a Teachable Machine image model as {@link fromTeachableMachine} makes it: `model` is its model.json
 * URL or a tfjs IO handler, `metadata` its metadata.json URL (fetched) or content. The model file goes through
 * the checks of `loadModel` (topology limits, finite weights).
 *
 * @example
 * const { model, metadata } = await loadTeachableMachine(`${url}/model.json`, `${url}/metadata.json`);
 * classifierOf(model, metadata).predict(images); // its labels
 *
 * @throws ModelFileError when a file cannot be fetched, parsed or loaded; InvalidModelError as
 *   {@link fromTeachableMachine} does.
 */
export async function loadTeachableMachine(
  model: string | tf.io.IOHandler,
  metadata: string | TeachableMachineMetadata,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const tmMetadata = typeof metadata === 'string' ? await fetchJson(metadata) : metadata;
  const loaded = await loadCheckedLayers(model, options);
  try {
    return fromTeachableMachine(loaded.model, tmMetadata, loaded.where);
  } finally {
    loaded.model.dispose();
  }
}

/** The layers of `model` in order, nested Sequential models laid out in place; other models stay one layer. */
function leaves(model: tfl.LayersModel): tfl.layers.Layer[] {
  if (!(model instanceof tfl.Sequential)) return [model as unknown as tfl.layers.Layer];
  return model.layers.flatMap((layer) =>
    layer instanceof tfl.Sequential ? leaves(layer) : [layer as tfl.layers.Layer],
  );
}

function isoTime(value: unknown): string | undefined {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value))
    ? new Date(value).toISOString()
    : undefined;
}

function provenanceNote(meta: TeachableMachineMetadata): string {
  const made = [
    meta.modelName ? `"${meta.modelName}"` : undefined,
    meta.tmVersion ? `made by ${meta.tmVersion}` : undefined,
    `for ${meta.packageName ?? '@teachablemachine/image'}@${meta.packageVersion ?? '?'}`,
    meta.tfjsVersion ? `tfjs ${meta.tfjsVersion}` : undefined,
  ].filter(Boolean);
  return (
    `A Teachable Machine image model (${made.join(', ')}) imported by ${LIBRARY}: its first layer, ` +
    `${TM_INPUT_LAYER}, scales pixels as Teachable Machine does (byte / 127 - 1), and it answers one of its ` +
    'labels for every image (no "unknown" rule).'
  );
}

async function fetchJson(url: string): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ModelFileError(`${url}: cannot be fetched (${(error as Error).message}).`, url, {
      cause: error,
    });
  }
  if (!response.ok) {
    throw new ModelFileError(
      `${url}: the server answered ${response.status} ${response.statusText}. Check the URL of metadata.json.`,
      url,
    );
  }
  try {
    return await response.json();
  } catch (error) {
    throw new ModelFileError(`${url}: is not JSON (${(error as Error).message}).`, url, { cause: error });
  }
}
