import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidModelError } from './errors/invalid-model-error.js';
import { MAX_INPUT_SIZE } from './limits.js';
import {
  baseCheckProblem,
  OPEN_SET_METHODS,
  type OpenSetMethod,
  type OpenSetRule,
} from './open-set/index.js';
import { type Preprocessing, preprocessingOf, setPreprocessing } from './preprocessing.js';

/** The key of our metadata inside a model's `userDefinedMetadata`, so other tools' metadata can sit beside it. */
export const METADATA_KEY = 'shapes';

/** The metadata format version this release writes and the only one it reads. */
export const METADATA_FORMAT_VERSION = 1;

/**
 * `@shapes/models@<version>`, recorded as provenance. Kept as a constant because the browser build cannot read
 * package.json; a test fails when the two disagree.
 */
export const LIBRARY = '@shapes/models@0.1.0';

/** Where a model came from, for people reading a model.json months later. */
export interface ModelProvenance {
  /** ISO 8601 time of creation. */
  createdAt: string;
  /** `@shapes/models@<version>` that wrote it. */
  library: string;
  /** Whatever describes the training data (preset, seed, counts...). */
  dataset?: Record<string, unknown>;
  /** The base model it was transferred from, if any. */
  base?: string;
  notes?: string;
  /** Figures measured on the finished model, with the command that measured them. */
  measured?: Record<string, unknown>;
}

/** The open-set rule saved with a model: what `calibrateOpenSet` returns and `predict` takes. */
export type OpenSetMetadata = OpenSetRule;

/**
 * What a saved model needs besides its weights to be used correctly: class order, input format and
 * preprocessing, and where it came from. Stored as `userDefinedMetadata.shapes` in model.json.
 */
export interface ModelMetadata {
  format: 'shapes-model';
  formatVersion: 1;
  /** Output `i` is `classNames[i]`. */
  classNames: string[];
  /** Input side in pixels (inputs are square). */
  inputSize: number;
  channels: 1 | 3;
  /**
   * `scale: 'unit'`: pixels in [0, 1], i.e. byte / 255; `frame: 'ink'`: each image's ink framed first;
   * `normalize: 'ink'`: and made light on black at full contrast.
   */
  preprocessing: Preprocessing;
  architecture: string;
  provenance?: ModelProvenance;
  openSet?: OpenSetMetadata;
  /** Few-shot prototypes (e.g. a `FewShotState`) or any other JSON object a head needs. */
  prototypes?: object;
}

/** What {@link createMetadata} cannot read from the model itself. */
export interface MetadataOptions {
  classNames: string[];
  /** Default: the model's name (`default_cnn`, `seed_cnn`, ...). */
  architecture?: string;
  /** Default: the model's own (see `setPreprocessing`), else `{ scale: 'unit' }`. */
  preprocessing?: Preprocessing;
  /** `createdAt` defaults to now and `library` to {@link LIBRARY}. */
  provenance?: Partial<ModelProvenance>;
  openSet?: OpenSetMetadata;
  prototypes?: object;
}

/**
 * Builds the metadata for `model`, taking the input size and channels from its input shape so they cannot
 * disagree with it.
 *
 * @throws InvalidModelError when the model's input is not `[null, n, n, 1 | 3]`, or the options do not fit the
 *   model (e.g. three class names for a four-way output).
 */
export function createMetadata(model: tfl.LayersModel, options: MetadataOptions): ModelMetadata {
  const { height, width, channels } = inputShape(model, 'The model');
  if (height !== width) {
    throw new InvalidModelError(
      `The model takes ${height}x${width} inputs; @shapes models take square inputs (inputSize x inputSize).`,
    );
  }
  const metadata: ModelMetadata = {
    format: 'shapes-model',
    formatVersion: METADATA_FORMAT_VERSION,
    classNames: options.classNames,
    inputSize: height,
    channels: channels as 1 | 3,
    preprocessing: options.preprocessing ?? preprocessingOf(model),
    architecture: options.architecture ?? model.name,
    provenance: { createdAt: new Date().toISOString(), library: LIBRARY, ...options.provenance },
    ...(options.openSet ? { openSet: options.openSet } : {}),
    ...(options.prototypes ? { prototypes: options.prototypes } : {}),
  };
  return checkMetadata(model, metadata, 'The new metadata');
}

/**
 * Checks that `metadata` is valid {@link ModelMetadata} and agrees with `model` (class count against the output
 * units, input size and channels against the input shape), and returns it typed. `where` (a file or URL) starts
 * every message, so a user knows which model is wrong.
 *
 * @throws InvalidModelError naming the field, what it holds, and how to fix it.
 */
export function checkMetadata(model: tfl.LayersModel, metadata: unknown, where = 'The model'): ModelMetadata {
  const m = checkShape(metadata, where);
  const { height, width, channels } = inputShape(model, where);
  if (height !== m.inputSize || width !== m.inputSize || channels !== m.channels) {
    throw new InvalidModelError(
      `${where}: the metadata says inputs are ${m.inputSize}x${m.inputSize}x${m.channels} but the model takes ` +
        `${height}x${width}x${channels}. The metadata belongs to another model; create it from this one with ` +
        'createMetadata(model, ...).',
    );
  }
  if (model.outputs.length !== 1) {
    throw new InvalidModelError(`${where}: the model has ${model.outputs.length} outputs; expected one.`);
  }
  const units = model.outputs[0]!.shape.at(-1);
  if (units !== m.classNames.length) {
    const last = model.layers.at(-1)?.name ?? '?';
    throw new InvalidModelError(
      `${where}: the metadata names ${m.classNames.length} classes (${m.classNames.join(', ')}) but the ` +
        `model's output layer "${last}" has ${units} units. Give one class name per output, in output order.`,
    );
  }
  return m;
}

/**
 * Reads and checks the metadata a saved model carries (`userDefinedMetadata.shapes`), e.g. after
 * `tf.loadLayersModel`, and gives the model the preprocessing it names (see `setPreprocessing`).
 *
 * @throws InvalidModelError when there is none, or it is invalid or does not fit the model.
 */
export function readMetadata(model: tfl.LayersModel, where = 'The model'): ModelMetadata {
  const all = model.getUserDefinedMetadata() as Record<string, unknown> | undefined;
  const metadata = all?.[METADATA_KEY];
  if (metadata === undefined) {
    throw new InvalidModelError(
      `${where} has no @shapes metadata (userDefinedMetadata.${METADATA_KEY}), so its class names and input ` +
        'format are unknown. Save it with saveModel(model, ..., createMetadata(model, { classNames })).',
    );
  }
  const checked = checkMetadata(model, metadata, where);
  setPreprocessing(model, checked.preprocessing);
  return checked;
}

function inputShape(model: tfl.LayersModel, where: string) {
  if (model.inputs.length !== 1) {
    throw new InvalidModelError(`${where}: the model has ${model.inputs.length} inputs; expected one image.`);
  }
  const shape = model.inputs[0]!.shape;
  const [, height, width, channels] = shape;
  const known = (v: number | null | undefined): v is number => typeof v === 'number' && v > 0;
  if (shape.length !== 4 || !known(height) || !known(width) || (channels !== 1 && channels !== 3)) {
    throw new InvalidModelError(
      `${where}: the model's input shape is [${shape.join(', ')}]; expected [null, size, size, 1 or 3].`,
    );
  }
  return { height, width, channels };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// Everything here ends up in model.json, so only what survives JSON.stringify unchanged is accepted.
function isJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isJson);
  if (isObject(v) && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).every(isJson);
  return false;
}

function checkShape(metadata: unknown, where: string): ModelMetadata {
  const bad = (field: string, problem: string): never => {
    throw new InvalidModelError(`${where}: metadata${field ? ` ${field}` : ''} ${problem}.`);
  };
  if (!isObject(metadata)) return bad('(userDefinedMetadata.shapes)', 'is not an object');
  const m = metadata;
  if (m.format !== 'shapes-model') {
    bad('format', `is ${JSON.stringify(m.format)}, expected "shapes-model"`);
  }
  if (m.formatVersion !== METADATA_FORMAT_VERSION) {
    bad(
      'formatVersion',
      `is ${JSON.stringify(m.formatVersion)}, but ${LIBRARY} reads version ${METADATA_FORMAT_VERSION} only` +
        (typeof m.formatVersion === 'number' && m.formatVersion > METADATA_FORMAT_VERSION
          ? '; the model was written by a newer @shapes/models, upgrade to load it'
          : ''),
    );
  }
  const names = m.classNames;
  if (!Array.isArray(names) || names.length === 0) bad('classNames', 'must be a non-empty array of strings');
  (names as unknown[]).forEach((name, i) => {
    if (typeof name !== 'string' || name.trim() === '') bad(`classNames[${i}]`, 'must be a non-empty string');
  });
  const duplicate = (names as string[]).find((name, i) => (names as string[]).indexOf(name) !== i);
  if (duplicate !== undefined) bad('classNames', `name "${duplicate}" twice; class names must be unique`);
  if (!Number.isInteger(m.inputSize) || (m.inputSize as number) < 1) {
    bad('inputSize', `is ${JSON.stringify(m.inputSize)}, expected a positive integer`);
  }
  if ((m.inputSize as number) > MAX_INPUT_SIZE) {
    bad(
      'inputSize',
      `is ${m.inputSize}, over the limit of ${MAX_INPUT_SIZE} pixels (@shapes models take 64, or 256 for the ` +
        'seed CNN). In a saved model this means the file was edited or damaged: restore it or save the model ' +
        'again',
    );
  }
  if (m.channels !== 1 && m.channels !== 3)
    bad('channels', `is ${JSON.stringify(m.channels)}, expected 1 or 3`);
  if (
    !isObject(m.preprocessing) ||
    m.preprocessing.scale !== 'unit' ||
    (m.preprocessing.frame !== undefined && m.preprocessing.frame !== 'ink') ||
    (m.preprocessing.normalize !== undefined &&
      (m.preprocessing.normalize !== 'ink' || m.preprocessing.frame !== 'ink'))
  ) {
    bad(
      'preprocessing',
      `is ${JSON.stringify(m.preprocessing)}, expected { "scale": "unit" }, optionally with "frame": "ink" and then "normalize": "ink"`,
    );
  }
  if (typeof m.architecture !== 'string' || m.architecture === '') {
    bad('architecture', 'must be a non-empty string');
  }
  if (m.provenance !== undefined) {
    const p = m.provenance;
    if (!isObject(p) || typeof p.createdAt !== 'string' || typeof p.library !== 'string') {
      bad('provenance', 'must be an object with createdAt and library strings');
    }
  }
  if (m.openSet !== undefined) {
    const o = m.openSet;
    if (!isObject(o) || !OPEN_SET_METHODS.includes(o.method as OpenSetMethod)) {
      bad('openSet', `must be an object whose method is one of ${OPEN_SET_METHODS.join(', ')}`);
    }
    if (
      typeof (o as OpenSetMetadata).threshold !== 'number' ||
      !Number.isFinite((o as OpenSetMetadata).threshold)
    ) {
      bad('openSet.threshold', `is ${String((o as OpenSetMetadata).threshold)}, expected a finite number`);
    }
    const check = (o as OpenSetMetadata).base;
    const problem = check === undefined ? undefined : baseCheckProblem(check, (names as string[]).length);
    if (problem) bad('openSet.base', problem);
  }
  if (m.prototypes !== undefined && !isObject(m.prototypes)) bad('prototypes', 'must be an object');
  if (!isJson(m)) bad('', 'holds values that JSON cannot store (NaN, Infinity, functions, class instances)');
  return m as unknown as ModelMetadata;
}
