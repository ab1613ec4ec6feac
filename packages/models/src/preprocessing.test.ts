import { createDataset, frameInk } from '@shapes/data';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from './architectures/default-cnn.js';
import { classifierOf } from './classifier.js';
import { modelOutputs } from './embeddings.js';
import { checkMetadata, createMetadata } from './metadata.js';
import { preprocessingOf, setPreprocessing } from './preprocessing.js';
import { loadModel } from './save-load.js';
import { saveToMemory } from './test-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const classNames = ['star', 'pentagon'];
// Small shapes, drawn anywhere: what framing changes most.
const shapes = () =>
  createDataset({ shapes: classNames, perClass: 3, seed: 11, size: 32, preset: 'default' });

describe('a model that frames its inputs', () => {
  it('runs every image framed, as if the caller had framed it', () => {
    const model = createDefaultCnn({ classes: 2, inputSize: 32, seed: 3 });
    const batch = shapes();
    const plain = modelOutputs(model, batch).embeddings;
    const framedByHand = modelOutputs(model, frameInk(batch)).embeddings;
    expect(preprocessingOf(model)).toEqual({ scale: 'unit' });
    setPreprocessing(model, { scale: 'unit', frame: 'ink' });
    const framed = modelOutputs(model, batch).embeddings;
    expect(framed).toEqual(framedByHand);
    expect(framed).not.toEqual(plain);
  });

  it('frames each image once under test-time augmentation, then turns the framed image', () => {
    const model = createDefaultCnn({ classes: 2, inputSize: 32, seed: 3 });
    const batch = createDataset({ shapes: classNames, perClass: 10, seed: 12, size: 32, preset: 'default' });
    const byHand = modelOutputs(model, frameInk(batch), { tta: true });
    setPreprocessing(model, { scale: 'unit', frame: 'ink' });
    const framed = modelOutputs(model, batch, { tta: true });
    expect(framed.probabilities).toEqual(byHand.probabilities);
    expect(framed.embeddings).toEqual(byHand.embeddings);
    expect(() =>
      modelOutputs(model, { images: new Uint8Array(10), shape: [1, 32, 32, 1] }, { tta: true }),
    ).toThrow(/needs 1024/);
  });

  it('keeps its preprocessing through save and load, and gives it to the loaded model', async () => {
    const model = createDefaultCnn({ classes: 2, inputSize: 32, seed: 3 });
    setPreprocessing(model, { scale: 'unit', frame: 'ink' });
    const metadata = createMetadata(model, { classNames });
    expect(metadata.preprocessing).toEqual({ scale: 'unit', frame: 'ink' });
    const saved = await saveToMemory(model, metadata);
    const loaded = await loadModel(tf.io.fromMemory(saved));
    expect(preprocessingOf(loaded.model)).toEqual({ scale: 'unit', frame: 'ink' });
    const batch = shapes();
    expect(modelOutputs(loaded.model, batch).probabilities).toEqual(modelOutputs(model, batch).probabilities);
  });

  it('is set by classifierOf from the metadata it is given', () => {
    const source = createDefaultCnn({ classes: 2, inputSize: 32, seed: 3 });
    setPreprocessing(source, { scale: 'unit', frame: 'ink' });
    const metadata = createMetadata(source, { classNames });
    const other = createDefaultCnn({ classes: 2, inputSize: 32, seed: 3 });
    const batch = shapes();
    const [before] = classifierOf(source, metadata).predict(batch);
    classifierOf(other, metadata);
    expect(preprocessingOf(other).frame).toBe('ink');
    expect(classifierOf(other, metadata).predict(batch)[0]?.probabilities).toEqual(before?.probabilities);
  });

  it('refuses metadata with a preprocessing this release does not know', () => {
    const model = createDefaultCnn({ classes: 2, inputSize: 32, seed: 3 });
    const metadata = {
      ...createMetadata(model, { classNames }),
      preprocessing: { scale: 'unit', frame: 'edges' },
    };
    expect(() => checkMetadata(model, metadata)).toThrow(/preprocessing .*"frame": "ink"/);
  });
});
