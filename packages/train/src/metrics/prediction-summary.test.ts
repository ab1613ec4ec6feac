import type { Prediction } from '@shapes/models';
import { describe, expect, it } from 'vitest';
import { summarizePredictions } from './prediction-summary.js';

const CLASSES = ['circle', 'square'];

/** A prediction of class `index`, answered `unknown` when told, with an open-set score. */
function p(index: number, unknown: boolean, score: number): Prediction {
  return {
    label: unknown ? 'unknown' : (CLASSES[index] as string),
    index,
    confidence: 0.9,
    probabilities: new Float32Array(index === 0 ? [0.9, 0.1] : [0.1, 0.9]),
    unknown,
    score,
  };
}

describe('summarizePredictions', () => {
  const predictions = [
    p(0, false, 0.9),
    p(1, false, 0.8),
    p(1, true, 0.3),
    p(0, true, 0.2),
    p(1, false, 0.85),
  ];
  const truth = ['circle', 'circle', 'square', 'star', 'star'];
  const s = summarizePredictions(predictions, truth, CLASSES);

  it('scores known images by their most likely class, and again counting "unknown" as wrong', () => {
    expect(s.images).toBe(5);
    // circle->circle right, circle->square wrong, square->square (flagged unknown) right by its top class.
    expect(s.accuracy).toBeCloseTo(2 / 3);
    expect(s.accuracyWithUnknown).toBeCloseTo(1 / 3);
    expect(s.perClass.circle).toMatchObject({ recall: 0.5, support: 2 });
  });

  it('puts images of classes the model does not know in an "unknown" row, answers in columns', () => {
    expect(s.confusion).toEqual({
      labels: ['circle', 'square', 'unknown'],
      columns: ['circle', 'square', 'unknown'],
      matrix: [
        [1, 1, 0],
        [0, 0, 1],
        [0, 1, 1],
      ],
    });
    expect(s.unknown).toMatchObject({ expected: 2, flagged: 1, knownFlagged: 1, classes: ['star'] });
    // One of the three known images came back "unknown".
    expect(s.unknown.knownFlaggedShare).toBeCloseTo(1 / 3);
    // Known scores 0.9, 0.8, 0.3 against unknown 0.2, 0.85: 4 of 6 pairs ranked right.
    expect(s.unknown.auroc).toBeCloseTo(4 / 6);
  });

  it('has no AUROC without unknown images or without a rule', () => {
    expect(summarizePredictions([p(0, false, 0.9)], ['circle'], CLASSES).unknown.auroc).toBeNull();
    expect(
      summarizePredictions([p(0, false, Number.NaN), p(0, false, Number.NaN)], ['circle', 'star'], CLASSES)
        .unknown.auroc,
    ).toBeNull();
  });

  it('refuses predictions and labels of different lengths', () => {
    expect(() => summarizePredictions([p(0, false, 1)], [], CLASSES)).toThrow(
      '1 predictions for 0 true labels',
    );
  });

  it('leaves the unknown column out for a model without a rule', () => {
    const closed = summarizePredictions([p(0, false, Number.NaN)], ['circle'], CLASSES, { openSet: false });
    expect(closed.confusion.columns).toEqual(['circle', 'square']);
  });
});
