import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import type { ModelMetadata } from '../metadata.js';
import { type LoadedModel, loadModel, saveModel } from '../save-load.js';

/**
 * The name that stands for {@link loadPretrainedBase}'s model where tools take a model's path: `shapes predict
 * --model pretrained`, `shapes transfer --from pretrained`, and bench's `--base pretrained`.
 */
export const PRETRAINED = 'pretrained';

/**
 * A saved layers model as one JSON object: the `model.json` fields and the weights file in base64. What
 * {@link loadPretrainedBase} reads and {@link pretrainedArtifacts} writes.
 */
export interface PretrainedArtifacts {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** The weights file's bytes, base64. */
  weightData: string;
  userDefinedMetadata: Record<string, object>;
}

/**
 * The base model that ships inside this package, as Teachable Machine ships MobileNet: the default CNN trained on
 * circle, square and triangle (and taught to answer `unknown` to other shapes), drawn in every look the generator
 * makes. Its metadata holds the recipe that made it (`provenance.dataset`) and the figures measured on it
 * (`provenance.measured`). Star, pentagon and hexagon are left out, so a transfer to them is honest.
 *
 * It is where `shapes transfer` starts unless given `--from DIR`, and what the playground opens with. `pnpm bench pretrain`
 * in the repository makes it again. The weights (about 790 KB) load from memory in Node and in the browser,
 * fetching nothing; they live in their own chunk, so code that never calls this does not bundle them.
 *
 * @example const { model, metadata } = await loadPretrainedBase();
 */
export async function loadPretrainedBase(): Promise<LoadedModel> {
  const { default: artifacts } = await import('./base-model.json');
  return loadModel(tf.io.fromMemory(fromJson(artifacts as PretrainedArtifacts)), {
    where: 'The pretrained base',
  });
}

/**
 * `model` and its `metadata` saved as {@link PretrainedArtifacts}: what `pnpm bench pretrain` writes to
 * `base-model.json`.
 *
 * @throws InvalidModelError when the metadata is invalid or does not fit the model.
 */
export async function pretrainedArtifacts(
  model: tfl.LayersModel,
  metadata: ModelMetadata,
): Promise<PretrainedArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await saveModel(
    model,
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
    metadata,
  );
  if (!saved?.modelTopology || !saved.weightSpecs || !saved.weightData) {
    throw new InvalidModelError('The model saved no topology or weights.');
  }
  const data =
    saved.weightData instanceof ArrayBuffer
      ? saved.weightData
      : tf.io.concatenateArrayBuffers(saved.weightData);
  return {
    modelTopology: saved.modelTopology as object,
    weightSpecs: saved.weightSpecs,
    weightData: toBase64(new Uint8Array(data)),
    userDefinedMetadata: (saved.userDefinedMetadata ?? {}) as Record<string, object>,
  };
}

function fromJson(a: PretrainedArtifacts): tf.io.ModelArtifacts {
  return {
    modelTopology: a.modelTopology,
    weightSpecs: a.weightSpecs,
    weightData: fromBase64(a.weightData).buffer as ArrayBuffer,
    userDefinedMetadata: a.userDefinedMetadata,
  };
}

// atob/btoa exist in browsers and in Node 16+, so one path serves both; chunked so large arrays do not overflow
// the argument list of String.fromCharCode.
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}
