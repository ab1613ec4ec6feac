import type { Dataset, PresetName } from '@shapes/data';
import { seedOf, split } from '@shapes/data';
import { createDatasetParallel, readImageFolder } from '@shapes/data/node';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** The input format a model takes: its side in pixels and its channels. A `Classifier` is one. */
export interface InputFormat {
  inputSize: number;
  channels: 1 | 3;
}

/** Training, validation (calibration) and test images, never sharing an image. */
export interface TrainingSets {
  train: Dataset;
  val: Dataset;
  test: Dataset;
  /** What the model's metadata records as its training data. */
  provenance: Record<string, unknown>;
}

/**
 * Reads an ImageFolder in the model's input format. Labels index the folder's own classes (sorted), which may
 * include classes the model does not know.
 */
export async function readFolder(dir: string, format: InputFormat): Promise<Dataset<Uint8Array>> {
  return readImageFolder(dir, { size: format.inputSize, channels: format.channels });
}

/**
 * Generated images: training images from `seed`, validation and test images from seeds far from it (the same
 * generator never draws the same image from two seeds), so no test image was trained on. Drawn on every core.
 */
export async function generatedSets(options: {
  shapes: string[];
  perClass: number;
  valPerClass: number;
  testPerClass: number;
  seed: number;
  preset: PresetName;
  format: InputFormat;
}): Promise<TrainingSets> {
  const { shapes, perClass, seed, preset, format } = options;
  const make = (n: number, s: number) =>
    createDatasetParallel({
      shapes,
      perClass: n,
      seed: s,
      preset,
      size: format.inputSize,
      channels: format.channels,
    });
  return {
    train: await make(perClass, seed),
    val: await make(options.valPerClass, seedOf(seed, 'validation')),
    test: await make(options.testPerClass, seedOf(seed, 'test')),
    provenance: { source: 'generator', preset, shapes, perClass, seed },
  };
}

/**
 * An ImageFolder cut into training, validation and test images, stratified (each class in the same shares).
 * Every class needs `minPerClass` images so that each part has some; an `InvalidArgumentError` names the classes
 * that have fewer.
 */
export async function folderSets(
  dir: string,
  format: InputFormat,
  seed: number,
  { minPerClass = 10, shares = { train: 0.7, val: 0.15, test: 0.15 } } = {},
): Promise<TrainingSets> {
  const all = await readFolder(dir, format);
  const counts = all.classNames.map((_, c) => all.labels.filter((l) => l === c).length);
  const few = all.classNames.filter((_, c) => (counts[c] as number) < minPerClass);
  if (few.length > 0) {
    throw new InvalidArgumentError(
      `--data: class${few.length > 1 ? 'es' : ''} ${few.map((s) => `"${s}"`).join(', ')} of "${dir}" ` +
        `ha${few.length > 1 ? 've' : 's'} fewer than ${minPerClass} images; each class needs ${minPerClass} ` +
        '(some are held out to validate and test). Add images or remove the class folder.',
    );
  }
  const parts = split(all, { ...shares, seed });
  return {
    ...parts,
    provenance: { source: 'image-folder', root: dir, classNames: all.classNames, images: all.shape[0], seed },
  };
}
