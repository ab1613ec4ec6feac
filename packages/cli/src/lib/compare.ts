import { type Dataset, dihedral, subset } from '@shapes/data';
import { argMaxRows, FewShotClassifier, modelOutputs } from '@shapes/models';
import { fineTune, trainFromScratch } from '@shapes/train';
import type * as tf from '@tensorflow/tfjs';
import type { Output } from './output.js';
import { trainingProgress } from './progress-callback.js';

/** How a model learned the new classes. */
export type Method = 'transfer' | 'scratch' | 'prototype';

/** One trained-and-tested model of a comparison. */
export interface ComparePoint {
  method: Method;
  /** Examples per class it learned from. */
  shots: number;
  /** On the held-out test images. */
  accuracy: number;
  /** Training time. */
  seconds: number;
}

/** The first `k` images of each class of `examples`. */
export function firstPerClass(examples: Dataset, k: number): Dataset {
  const seen = new Map<number, number>();
  const keep: number[] = [];
  examples.labels.forEach((label, i) => {
    const n = seen.get(label) ?? 0;
    if (n < k) keep.push(i);
    seen.set(label, n + 1);
  });
  return subset(examples, keep);
}

/**
 * Transfer from `base` against the same network trained from scratch and a prototype head, each on the same
 * examples (the first `shots` per class) and tested on the same held-out images. Scratch trains on
 * `scratchSamples` images (many epochs of the few examples), several times transfer's wall time, so a win for
 * transfer is not for lack of training.
 */
export async function compareMethods(options: {
  base: tf.LayersModel;
  examples: Dataset;
  test: Dataset;
  shots: { method: Method; shots: number }[];
  scratchSamples: number;
  tta: boolean;
  seed: number;
  out: Output;
}): Promise<ComparePoint[]> {
  const { base, test, tta, seed, out } = options;
  const points: ComparePoint[] = [];
  for (const { method, shots } of options.shots) {
    const examples = firstPerClass(options.examples, shots);
    const started = performance.now();
    let accuracy: number;
    if (method === 'prototype') {
      const head = FewShotClassifier.fromExamples(base, dihedral(examples), examples.classNames);
      const predictions = head.predict(test);
      accuracy = predictions.filter((p, i) => p.index === test.labels[i]).length / test.shape[0];
    } else {
      const callbacks = [trainingProgress(out, `${method} ${shots}`)];
      const { model } =
        method === 'transfer'
          ? await fineTune(base, examples, { seed, callbacks })
          : await trainFromScratch(examples, { seed, callbacks, scratchSamples: options.scratchSamples });
      const { probabilities, classes } = modelOutputs(model, test, { tta });
      model.dispose();
      const predicted = argMaxRows(probabilities, classes);
      accuracy = predicted.filter((c, i) => c === test.labels[i]).length / test.shape[0];
    }
    const seconds = (performance.now() - started) / 1000;
    points.push({ method, shots, accuracy, seconds });
    out.info(
      `  ${method.padEnd(9)} ${String(shots).padStart(3)} per class: ${(accuracy * 100).toFixed(1)}% in ${seconds.toFixed(1)} s`,
    );
  }
  return points;
}

/** The points as one series per method, for the report's curves chart. */
export function curveSeries(points: readonly ComparePoint[]) {
  const methods = [...new Set(points.map((p) => p.method))];
  return methods.map((name) => ({
    name,
    points: points.filter((p) => p.method === name).map((p) => ({ shots: p.shots, accuracy: p.accuracy })),
  }));
}
