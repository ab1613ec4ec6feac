import { describe, expect, it } from 'vitest';
import { auroc, type RocPoint, rocCurve, thresholdAtTpr } from './auroc.js';

/** Small deterministic PRNG (mulberry32) so the random-data checks are reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function trapezoid(points: readonly RocPoint[]): number {
  let area = 0;
  for (let k = 1; k < points.length; k++) {
    area += ((points[k]!.fpr - points[k - 1]!.fpr) * (points[k]!.tpr + points[k - 1]!.tpr)) / 2;
  }
  return area;
}

/** The definition itself: the share of (positive, negative) pairs ordered correctly, ties counting 1/2. */
function pairwise(scores: readonly number[], positives: readonly boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((p, i) => {
    if (!positives[i]) return;
    scores.forEach((n, j) => {
      if (positives[j]) return;
      pairs++;
      wins += p > n ? 1 : p === n ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('auroc', () => {
  it('is 1 for perfectly separated scores and 0 for reversed ones', () => {
    expect(auroc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(auroc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
  });

  it('is 0.5 when every score ties', () => {
    expect(auroc([0.3, 0.3, 0.3, 0.3, 0.3], [1, 0, 1, 0, 0])).toBe(0.5);
  });

  it('counts ties as one half: a hand-computed 0.75', () => {
    // Pairs (pos, neg): (0.5, 0.5) = 1/2, (0.5, 0.1) = 1, twice; 3 / 4.
    expect(auroc([0.5, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBe(0.75);
  });

  it('counts ties as one half: a hand-computed 0.875', () => {
    // Pairs: (0.4, 0.1) = 1, (0.4, 0.4) = 1/2, (0.8, 0.1) = 1, (0.8, 0.4) = 1; 3.5 / 4.
    expect(auroc(Float32Array.from([0.1, 0.4, 0.4, 0.8]), [0, 0, 1, 1])).toBe(0.875);
  });

  it('handles infinite scores, tying equal infinities', () => {
    const inf = Number.POSITIVE_INFINITY;
    // Pairs: (0, -inf) = 1, (0, inf) = 0, (inf, -inf) = 1, (inf, inf) = 1/2; 2.5 / 4.
    expect(auroc([-inf, 0, inf, inf], [0, 1, 1, 0])).toBe(0.625);
  });

  it('agrees with the pairwise definition and the trapezoid area under rocCurve on random data', () => {
    const next = random(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 20 + Math.floor(next() * 80);
      const positives = Array.from({ length: n }, () => next() < 0.4);
      positives[0] = true;
      positives[1] = false;
      // One decimal place makes plenty of ties; the positives lean higher so the area is not always 0.5.
      const scores = positives.map((p) => Math.round((next() + (p ? 0.3 : 0)) * 10) / 10);
      const area = auroc(scores, positives);
      expect(area).toBeCloseTo(pairwise(scores, positives), 12);
      expect(area).toBeCloseTo(trapezoid(rocCurve(scores, positives)), 12);
    }
  });

  it('rejects data without positives or without negatives, and bad inputs', () => {
    expect(() => auroc([0.1, 0.2], [1, 1])).toThrow(
      /both positives and negatives, got 2 positive and 0 negative/,
    );
    expect(() => auroc([0.1, 0.2], [false, false])).toThrow(/0 positive and 2 negative/);
    expect(() => auroc([], [])).toThrow(/both positives and negatives/);
    expect(() => auroc([0.1, 0.2], [1])).toThrow(/same length/);
    expect(() => auroc([0.1, Number.NaN], [1, 0])).toThrow(/scores\[1\] is NaN/);
    expect(() => auroc([0.1, 0.2], [0.9, 0])).toThrow(/positives\[0\] is 0.9/);
  });
});

describe('rocCurve', () => {
  it('has one point per distinct score, with tied scores moving diagonally', () => {
    expect(rocCurve([0.1, 0.4, 0.4, 0.8], [0, 0, 1, 1])).toEqual([
      { fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY },
      { fpr: 0, tpr: 0.5, threshold: 0.8 },
      { fpr: 0.5, tpr: 1, threshold: 0.4 },
      { fpr: 1, tpr: 1, threshold: 0.1 },
    ]);
  });

  it('goes straight from (0, 0) to (1, 1) when every score ties', () => {
    expect(rocCurve([2, 2, 2], [true, false, false])).toEqual([
      { fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY },
      { fpr: 1, tpr: 1, threshold: 2 },
    ]);
  });

  it('rejects data without negatives', () => {
    expect(() => rocCurve([1, 2], [1, 1])).toThrow(/both positives and negatives/);
  });
});

describe('thresholdAtTpr', () => {
  const scores = [0.9, 0.2, 0.8, 0.7, 0.95, 0.6, 0.5, 0.3];
  const positives = [1, 0, 1, 1, 0, 1, 1, 0];

  it('returns the highest threshold that keeps the requested share of positives', () => {
    // Positive scores, highest first: 0.9, 0.8, 0.7, 0.6, 0.5.
    expect(thresholdAtTpr(scores, positives, 0.8)).toBe(0.6);
    expect(thresholdAtTpr(scores, positives, 0.79)).toBe(0.6);
    expect(thresholdAtTpr(scores, positives, 0.81)).toBe(0.5);
    expect(thresholdAtTpr(scores, positives, 1)).toBe(0.5);
    expect(thresholdAtTpr(scores, positives, 0.01)).toBe(0.9);
  });

  it('keeps at least the requested rate on the data it was calibrated on', () => {
    for (const tpr of [0.1, 0.25, 0.5, 0.7, 0.95]) {
      const threshold = thresholdAtTpr(scores, positives, tpr);
      const kept = scores.filter((s, i) => positives[i] === 1 && s >= threshold).length;
      expect(kept / 5).toBeGreaterThanOrEqual(tpr);
    }
  });

  it('is not pushed one positive too far by float noise (0.7 * 10 = 7.000000000000001)', () => {
    const ten = Array.from({ length: 10 }, (_, i) => 10 - i);
    expect(thresholdAtTpr(ten, new Array(10).fill(true), 0.7)).toBe(4);
  });

  it('works without negatives and rejects a bad rate or no positives', () => {
    expect(thresholdAtTpr([3, 1, 2], [1, 1, 1], 0.5)).toBe(2);
    expect(() => thresholdAtTpr(scores, positives, 0)).toThrow(/tpr must be in \(0, 1\]/);
    expect(() => thresholdAtTpr(scores, positives, 1.5)).toThrow(/tpr must be in \(0, 1\]/);
    expect(() => thresholdAtTpr([1, 2], [0, 0], 0.5)).toThrow(/at least one positive/);
  });
});
