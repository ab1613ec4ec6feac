import type { Prediction } from '@shapes/models';
import { describe, expect, it } from 'vitest';
import { samplesOf, summarize } from './evaluation.js';

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

describe('summarize', () => {
  const predictions = [
    p(0, false, 0.9),
    p(1, false, 0.8),
    p(1, true, 0.3),
    p(0, true, 0.2),
    p(1, false, 0.85),
  ];
  const truth = ['circle', 'circle', 'square', 'star', 'star'];
  const s = summarize(predictions, truth, CLASSES);

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
    // Known scores 0.9, 0.8, 0.3 against unknown 0.2, 0.85: 4 of 6 pairs ranked right.
    expect(s.unknown.auroc).toBeCloseTo(4 / 6);
  });

  it('has no AUROC without unknown images or without a rule', () => {
    expect(summarize([p(0, false, 0.9)], ['circle'], CLASSES).unknown.auroc).toBeNull();
    expect(
      summarize([p(0, false, Number.NaN), p(0, false, Number.NaN)], ['circle', 'star'], CLASSES).unknown
        .auroc,
    ).toBeNull();
  });

  it('refuses predictions and labels of different lengths', () => {
    expect(() => summarize([p(0, false, 1)], [], CLASSES)).toThrow('1 predictions for 0 true labels');
  });
});

describe('samplesOf', () => {
  it('lists mistakes first, an unknown shape answered "unknown" counting as right', () => {
    const images = {
      images: new Uint8Array([10, 20, 30]),
      shape: [3, 1, 1, 1] as [number, number, number, number],
    };
    const samples = samplesOf(
      images,
      [p(0, false, 1), p(1, false, 1), p(0, true, 0)],
      ['circle', 'circle', 'star'],
      CLASSES,
    );
    expect(samples.map((x) => [x.truth, x.predicted, x.correct, x.pixels[0]])).toEqual([
      ['circle', 'square', false, 20],
      ['circle', 'circle', true, 10],
      ['star', 'unknown', true, 30],
    ]);
    expect(
      samplesOf(
        images,
        [p(0, false, 1), p(1, false, 1), p(0, true, 0)],
        ['circle', 'circle', 'star'],
        CLASSES,
        1,
      ),
    ).toHaveLength(1);
  });

  it('keeps half the grid for right answers when mistakes are many', () => {
    const images = { images: new Uint8Array(6), shape: [6, 1, 1, 1] as [number, number, number, number] };
    const wrong = p(1, false, 1);
    const right = p(0, false, 1);
    const samples = samplesOf(
      images,
      [wrong, wrong, wrong, wrong, right, right],
      Array(6).fill('circle'),
      CLASSES,
      4,
    );
    expect(samples.map((x) => x.correct)).toEqual([false, false, true, true]);
    // With no right answer to show, mistakes fill the grid.
    expect(samplesOf(images, Array(6).fill(wrong), Array(6).fill('circle'), CLASSES, 4)).toHaveLength(4);
  });
});
