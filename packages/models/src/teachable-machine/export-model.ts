import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { isFewShotState } from '../few-shot.js';
import { checkMetadata, LIBRARY, type ModelMetadata } from '../metadata.js';
import { capturedArtifacts, filesOf } from '../model-files.js';
import { embeddingSizeOf, prototypeLayers, setPrototypeWeights } from '../prototype-layers.js';
import { copyLayer, embeddingIndex } from '../transfer.js';
import { type Affine, pixelLayers, setPixelWeights } from './fold.js';
import {
  type TeachableMachineMetadata,
  TM_DEFAULT_IMAGE_SIZE,
  TM_PACKAGE_NAME,
  TM_PACKAGE_VERSION,
  TM_WEIGHTS_FILE,
} from './tm-metadata.js';

/** Options of {@link toTeachableMachine}. */
export interface TeachableMachineOptions {
  /**
   * The side of the square RGB images a loader feeds (metadata `imageSize`); the model resizes them to its own
   * input inside. Default 224: what Teachable Machine's models take, and what ml5's `imageClassifier` resizes
   * every image to whatever the metadata says.
   */
  imageSize?: number;
  /** Metadata `modelName`. Default: the model's architecture. */
  modelName?: string;
}

/** A model in Teachable Machine's image format, and what a person should know about it. */
export interface TeachableMachineModel {
  /**
   * A plain tfjs model: `imageSize` x `imageSize` RGB images scaled as Teachable Machine scales them (`byte /
   * 127 - 1`) in, the probabilities of `metadata.labels` out. It shares no weights with the model it was made
   * from; dispose it when done.
   */
  model: tfl.Sequential;
  metadata: TeachableMachineMetadata;
  /** What the @shapes model does that this one cannot (framing, `unknown`), one sentence each. */
  notes: string[];
}

/** The three files of Teachable Machine's export: `model.json`, `weights.bin` and `metadata.json`. */
export interface TeachableMachineFiles {
  /** `model.json`, whose weights manifest names `weights.bin`. */
  modelJson: tf.io.ModelJSON;
  /** `weights.bin`. */
  weights: ArrayBuffer;
  /** `metadata.json`. */
  metadata: TeachableMachineMetadata;
  notes: string[];
}

// A copy's declared input would clash with the layers now in front of it.
const NO_INPUT = { batchInputShape: undefined, inputShape: undefined };

/**
 * `model` (with its metadata, as `loadModel` returns them) as a Teachable Machine image model, so that
 * `@teachablemachine/image`'s `load(modelURL, metadataURL)`, ml5's `imageClassifier`, or a bare
 * `tf.loadLayersModel` gets the right classes from it. The preprocessing that standard layers can do moves into
 * the graph (see `pixelLayers`): Teachable Machine's scaling is undone, RGB becomes gray by the same weights
 * `@shapes/data` uses, and the image is resized to the model's input by averaging, as `@shapes/data` resizes.
 * A few-shot model exports its own classes: its prototype head becomes layers too (see `prototypeLayers`).
 *
 * Two things stay behind, and `notes` says so when they apply: framing (`frame: 'ink'`, `frameInk` of
 * `@shapes/data`) finds each image's ink and crops around it, a data-dependent crop no tfjs layer performs, so
 * a plain loader sees images as they are (frame them first for the same answers); and the open-set rule or
 * threshold, since Teachable Machine always answers one of its labels.
 *
 * @throws InvalidModelError when the metadata does not fit the model, the model is not a Sequential ending in
 *   a dense softmax (or, few-shot, holding an `embedding` layer), or `imageSize` is refused (see `resizeSteps`).
 */
export function toTeachableMachine(
  model: tfl.LayersModel,
  metadata: ModelMetadata,
  options: TeachableMachineOptions = {},
): TeachableMachineModel {
  const checked = checkMetadata(model, metadata, 'The model to export');
  if (!(model instanceof tfl.Sequential)) {
    throw new InvalidModelError(
      'Only Sequential models export to Teachable Machine, as every @shapes architecture, transfer and import is.',
    );
  }
  const few = isFewShotState(checked.prototypes) ? checked.prototypes : undefined;
  let body = model.layers;
  if (few) body = body.slice(0, embeddingIndex(body, "The few-shot model's base") + 1);
  else if (body.at(-1)?.getClassName() !== 'Dense' || body.at(-1)?.getConfig().activation !== 'softmax') {
    throw new InvalidModelError('The model to export must end in a dense softmax layer over its classes.');
  }
  const affine = leadingRescaling(body);
  if (affine) body = body.slice(1);
  const imageSize = options.imageSize ?? TM_DEFAULT_IMAGE_SIZE;
  const taken = new Set(body.map((layer) => layer.name));
  const pixels = pixelLayers(imageSize, checked.inputSize, checked.channels, taken);
  const copies = body.map((layer) => copyLayer(layer, NO_INPUT));
  const head = few ? prototypeLayers(few, embeddingSizeOf(body.at(-1))) : [];
  const exported = tfl.sequential({ name: 'shapes_tm', layers: [...pixels, ...copies, ...head] });
  try {
    setPixelWeights(pixels[0] as tfl.layers.Layer, checked.channels, affine ?? { scale: 1, offset: 0 });
    copies.forEach((copy, i) => {
      copy.setWeights((body[i] as tfl.layers.Layer).getWeights());
    });
    if (few) setPrototypeWeights(head, few);
  } catch (error) {
    exported.dispose();
    throw error;
  }
  const notes = notesOf(checked, few !== undefined);
  return {
    model: exported,
    metadata: {
      tfjsVersion: tfl.version_layers,
      tmVersion: LIBRARY,
      packageVersion: TM_PACKAGE_VERSION,
      packageName: TM_PACKAGE_NAME,
      modelName: options.modelName ?? checked.architecture,
      timeStamp: new Date().toISOString(),
      labels: [...(few ? few.classNames : checked.classNames)],
      userMetadata: {
        shapes: {
          exportedBy: LIBRARY,
          architecture: checked.architecture,
          head: few ? 'prototypes' : 'softmax',
          inputSize: checked.inputSize,
          channels: checked.channels,
          preprocessing: checked.preprocessing,
          notes,
        },
      },
      imageSize,
    },
    notes,
  };
}

/**
 * The files of {@link toTeachableMachine}'s model, as Teachable Machine's export names them: write them into
 * one folder (`saveTeachableMachineToDir` of `@shapes/models/node` does) or offer them as downloads, and
 * `tmImage.load('<folder>/model.json', '<folder>/metadata.json')` loads them.
 *
 * @throws InvalidModelError as {@link toTeachableMachine} does.
 */
export async function teachableMachineFiles(
  model: tfl.LayersModel,
  metadata: ModelMetadata,
  options: TeachableMachineOptions = {},
): Promise<TeachableMachineFiles> {
  const tm = toTeachableMachine(model, metadata, options);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await capturedArtifacts((handler) => tm.model.save(handler));
  } finally {
    tm.model.dispose();
  }
  return {
    // No userDefinedMetadata: what describes this model is metadata.json, as in Teachable Machine's export.
    ...filesOf({ ...artifacts, userDefinedMetadata: undefined }, TM_WEIGHTS_FILE),
    metadata: tm.metadata,
    notes: tm.notes,
  };
}

/** The scale and offset of a model's leading `Rescaling` layer, which the pixel layers take over. */
function leadingRescaling(layers: tfl.layers.Layer[]): Affine | undefined {
  const first = layers[0];
  if (first?.getClassName() !== 'Rescaling') return undefined;
  const { scale, offset } = first.getConfig() as { scale?: unknown; offset?: unknown };
  if (typeof scale !== 'number' || typeof offset !== 'number') {
    throw new InvalidModelError(
      `The model's Rescaling layer "${first.name}" must have one number each as scale and offset.`,
    );
  }
  return { scale, offset };
}

function notesOf(metadata: ModelMetadata, fewShot: boolean): string[] {
  const notes: string[] = [];
  const { frame, normalize } = metadata.preprocessing;
  if (frame === 'ink') {
    notes.push(
      `The model frames each image's ink${normalize === 'ink' ? ' and makes it light on black' : ''} before ` +
        'its first layer (frameInk of @shapes/data), which no tfjs layer can do: a plain loader sees images as ' +
        'they are, so frame them first to get the same answers, or expect lower accuracy on shapes that do not ' +
        'fill the image.',
    );
  }
  const rejects = fewShot
    ? (metadata.prototypes as { threshold?: number }).threshold !== undefined
    : metadata.openSet !== undefined;
  if (rejects) {
    notes.push(
      'Teachable Machine always answers one of its labels, so the model\'s rule for answering "unknown" stays ' +
        'behind: use the @shapes model where "unknown" matters.',
    );
  }
  if (!fewShot && metadata.openSet?.tta) {
    notes.push(
      'The @shapes model averages its answer over each image turned and mirrored 8 ways (test-time ' +
        'augmentation); the exported one answers from the image as it is, so its confidences can differ.',
    );
  }
  return notes;
}
