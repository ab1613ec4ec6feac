import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FewShotClassifier } from './few-shot.js';
import { images, pixelModel } from './test-models.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const weights = () => Array.from({ length: 16 }, () => [0, 0]);

describe('few-shot prototype head', () => {
  it('adds a class from a few images without training and recognises it', () => {
    const model = pixelModel(weights());
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const known = { ...images([[0], [0, 4], [1], [1, 5]]), labels: [0, 0, 1, 1] };
    const few = FewShotClassifier.fromExamples(model, known, ['circle', 'square']);
    few.addClass('star', images([[2], [2, 6], [2, 7], [2], [2, 3]]));
    expect(few.classNames).toEqual(['circle', 'square', 'star']);
    const out = few.predict(images([[0], [1, 5], [2, 6], [2]]));
    expect(out.map((p) => p.label)).toEqual(['circle', 'square', 'star', 'star']);
    expect(out[0]?.probabilities.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    // No gradient step: the model's weights are as they were.
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    model.dispose();
  });

  it('answers unknown below its threshold and survives a JSON round trip', () => {
    const model = pixelModel(weights());
    const few = FewShotClassifier.fromExamples(model, { ...images([[0], [1]]), labels: [0, 1] }, [
      'circle',
      'square',
    ]);
    few.setThreshold(0.5);
    const [odd] = few.predict(images([[9]]));
    expect(odd).toMatchObject({ label: 'unknown', unknown: true, score: 0 });
    const copy = new FewShotClassifier(model, JSON.parse(JSON.stringify(few.toJSON())));
    expect(copy.predict(images([[1], [9]])).map((p) => p.label)).toEqual(['square', 'unknown']);
    expect(() => few.addClass('Big Star', images([[3]]))).toThrow(/lower-case words/);
    model.dispose();
  });

  it('calibrates its threshold to keep a share of validation images, as an open-set rule does', () => {
    const model = pixelModel(weights());
    const few = FewShotClassifier.fromExamples(model, { ...images([[0], [1]]), labels: [0, 1] }, [
      'circle',
      'square',
    ]);
    // Cosine 1, 1, 1/√2 and 1/√2 to the nearest prototype: keeping half keeps the two exact ones.
    const val = images([[0], [1], [0, 4], [1, 5]]);
    expect(few.calibrateThreshold(val, 0.5)).toBeCloseTo(1, 6);
    expect(few.toJSON().threshold).toBeCloseTo(1, 6);
    expect(few.predict(val).map((p) => p.unknown)).toEqual([false, false, true, true]);
    // The default keeps 99.5%: here, all four.
    expect(few.calibrateThreshold(val)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(few.predict(val).some((p) => p.unknown)).toBe(false);
    expect(() => few.calibrateThreshold(val, 0)).toThrow(/knownRate/);
    model.dispose();
  });
});
