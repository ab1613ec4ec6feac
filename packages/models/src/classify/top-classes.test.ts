import { describe, expect, it } from 'vitest';
import type { Prediction } from '../open-set/index.js';
import { topClasses } from './top-classes.js';

const names = ['circle', 'square', 'triangle'];

function prediction(probabilities: number[], unknown = false): Prediction {
  const confidence = Math.max(...probabilities);
  const index = probabilities.indexOf(confidence);
  return {
    label: unknown ? 'unknown' : (names[index] as string),
    index,
    confidence,
    probabilities: Float32Array.from(probabilities),
    unknown,
    score: confidence,
  };
}

describe('topClasses', () => {
  it('ranks the classes best first, ties in class order, and cuts to topK', () => {
    const p = prediction([0.25, 0.5, 0.25]);
    expect(topClasses(p, names)).toEqual([
      { className: 'square', probability: 0.5 },
      { className: 'circle', probability: 0.25 },
      { className: 'triangle', probability: 0.25 },
    ]);
    expect(topClasses(p, names, 1)).toEqual([{ className: 'square', probability: 0.5 }]);
    expect(topClasses(p, names, 10)).toHaveLength(3);
  });

  it('answers unknown first when the rule rejects, with 1 minus the best probability, topK counting it', () => {
    const p = prediction([0.125, 0.75, 0.125], true);
    const all = topClasses(p, names);
    expect(all[0]).toEqual({ className: 'unknown', probability: 0.25 });
    expect(all.slice(1).map((c) => c.className)).toEqual(['square', 'circle', 'triangle']);
    expect(topClasses(p, names, 2).map((c) => c.className)).toEqual(['unknown', 'square']);
  });

  it('refuses a topK that is not a positive whole number', () => {
    const p = prediction([0.5, 0.25, 0.25]);
    for (const k of [0, -1, 1.5, Number.NaN]) {
      expect(() => topClasses(p, names, k)).toThrow(/topK must be a whole number of at least 1/);
    }
  });
});
