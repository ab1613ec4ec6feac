import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifierOf } from './classifier.js';
import { FewShotClassifier, isFewShotState } from './few-shot.js';
import { createMetadata } from './metadata.js';
import { images, pixelModel } from './test-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Pixel 0 lit scores class 0, pixel 1 lit scores class 1.
const weights = () => Array.from({ length: 16 }, (_, i) => (i === 0 ? [5, 0] : i === 1 ? [0, 5] : [0, 0]));

describe('classifierOf', () => {
  it('answers with the softmax head and its open-set rule when the metadata holds no prototypes', () => {
    const model = pixelModel(weights());
    const metadata = createMetadata(model, {
      classNames: ['circle', 'square'],
      openSet: { method: 'softmax', threshold: 0.9, knownRate: 0.99 },
    });
    const classifier = classifierOf(model, metadata);
    expect(classifier.head).toBe('softmax');
    expect(classifier.openSet).toBe(true);
    const out = classifier.predict(images([[0], [1], [5]]));
    expect(out.map((p) => p.label)).toEqual(['circle', 'square', 'unknown']);
    model.dispose();
  });

  it('answers with a few-shot head saved in the metadata, whose classes differ from the outputs', () => {
    const model = pixelModel(weights());
    const few = FewShotClassifier.fromExamples(model, { ...images([[0], [1]]), labels: [0, 1] }, [
      'circle',
      'square',
    ]);
    few.addClass('star', images([[2], [2, 3]]));
    const state = JSON.parse(JSON.stringify(few.toJSON()));
    expect(isFewShotState(state)).toBe(true);
    expect(isFewShotState({ classNames: [], prototypes: [] })).toBe(false);
    const metadata = createMetadata(model, { classNames: ['circle', 'square'], prototypes: state });
    const classifier = classifierOf(model, metadata);
    expect(classifier.head).toBe('prototypes');
    expect(classifier.openSet).toBe(false);
    expect(classifier.classNames).toEqual(['circle', 'square', 'star']);
    expect(classifier.predict(images([[2]]))[0]?.label).toBe('star');
    model.dispose();
  });
});
