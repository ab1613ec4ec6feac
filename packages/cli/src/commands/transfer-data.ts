import * as path from 'node:path';
import { type Dataset, examplesSeed } from '@shapes/data';
import { type MethodRun, TRANSFER_DEFAULTS } from '@shapes/train';
import { folderSets, generatedSets, type InputFormat, type TrainingSets } from '@shapes/train/node';

/**
 * The examples, calibration and test images of a transfer: an ImageFolder's images split 60/20/20, or generated
 * images of `shapes` (examples from their own seed stream, calibration and test images from others).
 */
export function transferSets(
  data: string | undefined,
  o: { shapes: string[]; perClass: number; seed: number; format: InputFormat },
): Promise<TrainingSets> {
  if (data) {
    return folderSets(path.resolve(data), o.format, o.seed, {
      minPerClass: 5,
      shares: { train: 0.6, val: 0.2, test: 0.2 },
    });
  }
  return generatedSets({
    shapes: o.shapes,
    perClass: o.perClass,
    valPerClass: TRANSFER_DEFAULTS.valPerClass,
    testPerClass: TRANSFER_DEFAULTS.testPerClass,
    seed: examplesSeed(o.seed, o.perClass),
    preset: 'default',
    format: o.format,
  });
}

/** Each method at 1, 5 and all examples per class (as many as the rarest class has). */
export function compareRuns(examples: Dataset): MethodRun[] {
  const k = fewestPerClass(examples);
  const shots = [...new Set([1, 5, k].filter((s) => s <= k))];
  return (['transfer', 'scratch', 'prototype'] as const).flatMap((method) =>
    shots.map((n) => ({ method, shots: n })),
  );
}

/** The fewest examples any class has. */
export function fewestPerClass(examples: Dataset): number {
  return Math.min(...examples.classNames.map((_, c) => examples.labels.filter((l) => l === c).length));
}
