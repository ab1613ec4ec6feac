import { InvalidModelError } from '../errors/invalid-model-error.js';
import { MAX_INPUT_SIZE } from '../limits.js';

/**
 * Teachable Machine's `metadata.json` for image models, as `@teachablemachine/image`'s `load(modelURL,
 * metadataURL)` reads it: `labels` name the model's outputs in order, and each image is centre-cropped to
 * `imageSize` (default 224) RGB, or gray with `grayscale`, scaled to `byte / 127 - 1`, and given to
 * `model.predict`. ml5's `imageClassifier` reads `labels` from the same file.
 */
export interface TeachableMachineMetadata {
  /** The tfjs version that wrote the model. */
  tfjsVersion: string;
  /** The Teachable Machine app's version; in files @shapes writes, the `@shapes/models` release that did. */
  tmVersion?: string;
  /** The `@teachablemachine/image` version the files are for. */
  packageVersion: string;
  packageName: string;
  modelName?: string;
  /** ISO 8601 time the model was made. */
  timeStamp?: string;
  labels: string[];
  /** Anything else; @shapes keeps what the model does not show here (its preprocessing, where it came from). */
  userMetadata?: Record<string, unknown>;
  /** One gray channel in, instead of RGB. */
  grayscale?: boolean;
  imageSize?: number;
}

/** The package whose `load(modelURL, metadataURL)` reads the files, and the release they are tested with. */
export const TM_PACKAGE_NAME = '@teachablemachine/image';
export const TM_PACKAGE_VERSION = '0.8.5';
/** What `@teachablemachine/image` assumes when `imageSize` is absent. */
export const TM_DEFAULT_IMAGE_SIZE = 224;
/** The file names Teachable Machine's export writes, and that its snippets and ml5 load. */
export const TM_MODEL_FILE = 'model.json';
export const TM_WEIGHTS_FILE = 'weights.bin';
export const TM_METADATA_FILE = 'metadata.json';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks that `json` is Teachable Machine image metadata @shapes can use, and returns it typed with `imageSize`
 * filled in as `@teachablemachine/image` fills it. `where` (the file) starts every message.
 *
 * @throws InvalidModelError naming the field, what it holds, and how to fix it.
 */
export function checkTeachableMachineMetadata(
  json: unknown,
  where = TM_METADATA_FILE,
): TeachableMachineMetadata & { imageSize: number } {
  const bad = (field: string, problem: string): never => {
    throw new InvalidModelError(
      `${where}: ${field} ${problem}. Export the model from Teachable Machine again, or fix the file.`,
    );
  };
  if (!isObject(json)) return bad('the metadata', 'is not a JSON object');
  const { labels, imageSize = TM_DEFAULT_IMAGE_SIZE, grayscale } = json;
  if (!Array.isArray(labels) || labels.length === 0)
    bad('labels', 'must be a non-empty array of class names');
  (labels as unknown[]).forEach((label, i) => {
    if (typeof label !== 'string' || label.trim() === '') bad(`labels[${i}]`, 'must be a non-empty string');
  });
  const twice = (labels as string[]).find((label, i) => (labels as string[]).indexOf(label) !== i);
  if (twice !== undefined) bad('labels', `name "${twice}" twice, so two outputs could not be told apart`);
  if (!Number.isInteger(imageSize) || (imageSize as number) < 1 || (imageSize as number) > MAX_INPUT_SIZE) {
    bad('imageSize', `is ${JSON.stringify(imageSize)}, expected an integer from 1 to ${MAX_INPUT_SIZE}`);
  }
  if (grayscale !== undefined && typeof grayscale !== 'boolean') {
    bad('grayscale', `is ${JSON.stringify(grayscale)}, expected true or false`);
  }
  if (json.userMetadata !== undefined && !isObject(json.userMetadata))
    bad('userMetadata', 'is not an object');
  return { ...(json as unknown as TeachableMachineMetadata), imageSize: imageSize as number };
}
