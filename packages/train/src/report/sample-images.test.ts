import type { Prediction } from '@shapes/models';
import { describe, expect, it } from 'vitest';
import { samplesOf } from './sample-images.js';

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
        { limit: 1 },
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
      { limit: 4 },
    );
    expect(samples.map((x) => x.correct)).toEqual([false, false, true, true]);
    // With no right answer to show, mistakes fill the grid.
    expect(
      samplesOf(images, Array(6).fill(wrong), Array(6).fill('circle'), CLASSES, { limit: 4 }),
    ).toHaveLength(4);
  });
});
