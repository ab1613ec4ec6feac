import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from './architectures/default-cnn.js';
import { classifierOf } from './classifier.js';
import { FewShotClassifier } from './few-shot.js';
import { createMetadata, type ModelMetadata } from './metadata.js';
import { withPrototypeHead } from './prototype-layers.js';
import { loadModel } from './save-load.js';
import { saveToMemory } from './test-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const baseClasses = ['circle', 'square', 'triangle'];
const fewClasses = ['star', 'pentagon', 'hexagon', 'heart'];

/** Gray images of random bytes, `n` of them at 16 pixels, seeded. */
function grayImages(n: number, seed: number) {
  const values = tf.tidy(() => tf.randomUniform([n, 16, 16, 1], 0, 256, 'int32', seed).dataSync());
  return { images: Uint8Array.from(values), shape: [n, 16, 16, 1] as [number, number, number, number] };
}

/** A default CNN with a few-shot head of four classes on it, its threshold calibrated, and its metadata. */
function fewShotModel(): { base: tfl.Sequential; metadata: ModelMetadata } {
  const base = createDefaultCnn({ classes: 3, inputSize: 16, seed: 5 });
  const examples = grayImages(8, 6);
  const few = FewShotClassifier.fromExamples(
    base,
    { ...examples, labels: [0, 0, 1, 1, 2, 2, 3, 3] },
    fewClasses,
  );
  few.calibrateThreshold(grayImages(20, 8), 0.5);
  return { base, metadata: createMetadata(base, { classNames: baseClasses, prototypes: few.toJSON() }) };
}

/** What a plain tfjs user feeds the model for `batch`: bytes / 255, as the metadata's `scale: 'unit'` says. */
function plainOutputs(model: tfl.LayersModel, batch: { images: Uint8Array; shape: number[] }): number[][] {
  return tf.tidy(() => {
    const x = tf.div(
      tf.tensor4d(batch.images, batch.shape as [number, number, number, number], 'float32'),
      255,
    );
    return (model.predict(x) as tf.Tensor).arraySync() as number[][];
  });
}

const argMax = (row: number[]) => row.indexOf(Math.max(...row));

describe('saveModel of a few-shot model', () => {
  it('writes a graph that plain tf.loadLayersModel answers with the few-shot classes, as the classifier does', async () => {
    const { base, metadata } = fewShotModel();
    const classifier = classifierOf(base, metadata);
    const artifacts = await saveToMemory(base, metadata);

    const plain = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(plain.outputs[0]!.shape).toEqual([null, fewClasses.length]);
    const shapes = (plain.getUserDefinedMetadata() as { shapes: ModelMetadata }).shapes;
    expect(shapes.classNames).toEqual(fewClasses);
    const batch = grayImages(12, 7);
    const want = classifier.predict(batch);
    const got = plainOutputs(plain, batch);
    got.forEach((row, i) => {
      expect(argMax(row)).toBe(want[i]!.index);
      row.forEach((v, c) => {
        expect(v).toBeCloseTo(want[i]!.probabilities[c]!, 5);
      });
    });
    plain.dispose();
    // The model saved is left as it was: its own graph still answers the base's three classes.
    expect(plainOutputs(base, batch)[0]).toHaveLength(baseClasses.length);
    base.dispose();
  });

  it('loads back through loadModel answering as before: prototypes, threshold and unknown kept', async () => {
    const { base, metadata } = fewShotModel();
    const batch = grayImages(12, 9);
    const want = classifierOf(base, metadata).predict(batch);
    // A rule of the base's three outputs, which the folded graph does not have, stays behind.
    const baseRule = { method: 'softmax' as const, threshold: 0.5, knownRate: 0.99 };
    const loaded = await loadModel(
      tf.io.fromMemory(await saveToMemory(base, { ...metadata, openSet: baseRule })),
    );
    expect(loaded.metadata).toEqual({ ...metadata, classNames: fewClasses });
    const classifier = classifierOf(loaded.model, loaded.metadata);
    expect(classifier.head).toBe('prototypes');
    expect(classifier.openSet).toBe(true);
    expect(classifier.classNames).toEqual(fewClasses);
    const got = classifier.predict(batch);
    expect(got.map((p) => p.label)).toEqual(want.map((p) => p.label));
    expect(got.some((p) => p.unknown)).toBe(true);
    got.forEach((p, i) => {
      expect(p.score).toBeCloseTo(want[i]!.score, 5);
    });
    // Saved again, the head is folded afresh from the metadata, never stacked on the one already there.
    const again = await tfl.loadLayersModel(
      tf.io.fromMemory(await saveToMemory(loaded.model, loaded.metadata)),
    );
    expect(again.layers.map((l) => l.name).filter((n) => n.startsWith('prototype_'))).toEqual([
      'prototype_cosine',
      'prototype_output',
    ]);
    expect(plainOutputs(again, batch).map(argMax)).toEqual(want.map((p) => p.index));
    again.dispose();
    loaded.model.dispose();
    base.dispose();
  });
});

describe('withPrototypeHead', () => {
  it('refuses prototypes made on another base, or none, saying why', () => {
    const { base, metadata } = fewShotModel();
    const state = metadata.prototypes as {
      classNames: string[];
      prototypes: number[][];
      temperature: number;
    };
    expect(() =>
      withPrototypeHead(base, { ...state, prototypes: state.prototypes.map((p) => p.slice(1)) }),
    ).toThrow(
      /prototype of "star" has \d+ values but the embedding has \d+: the head was made on another base/,
    );
    expect(() => withPrototypeHead(base, { ...state, classNames: [], prototypes: [] })).toThrow(
      /no classes yet/,
    );
    base.dispose();
  });
});
