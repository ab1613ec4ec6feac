import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelOutputs } from '../embeddings.js';
import { createMetadata } from '../metadata.js';
import { images, pixelModel } from '../test-models.js';
import { calibrateOpenSet, ruleScores } from './calibrate.js';
import { predict } from './predict.js';
import { openSetScores } from './scores.js';
import { DEFAULT_KNOWN_RATE, thresholdKeeping } from './threshold.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Pixel 0 votes for class 0 and pixel 1 for class 1; pixel 2 votes for nothing.
const weights = () => Array.from({ length: 16 }, (_, p) => (p === 0 ? [4, 0] : p === 1 ? [0, 4] : [0, 0]));
const names = ['circle', 'square'];

describe('open set', () => {
  it('gives probabilities, energy and embeddings that match the model', () => {
    const model = pixelModel(weights());
    const batch = images([[0], [1], [2], [0, 1]]);
    const out = modelOutputs(model, batch);
    expect(out.embeddingSize).toBe(16);
    expect(Array.from(out.logits)).toEqual([4, 0, 0, 4, 0, 0, 4, 4]);
    const p = tf.tidy(() =>
      (model.predict(tf.div(tf.tensor4d(batch.images, batch.shape), 255)) as tf.Tensor).dataSync(),
    );
    out.probabilities.forEach((v, i) => {
      expect(v).toBeCloseTo(p[i] as number, 6);
    });
    const energy = openSetScores(out, 'energy');
    expect(energy[0]).toBeCloseTo(Math.log(Math.exp(4) + 1), 5);
    expect(energy[2]).toBeCloseTo(Math.log(2), 5);
    model.dispose();
  });

  it('calibrates on known images and flags an image like none of them unknown', () => {
    const model = pixelModel(weights());
    // Known validation images: mostly pixel 0 or pixel 1, a few with pixel 2 beside them.
    const val = {
      ...images([[0], [0], [0], [0, 2], [1], [1], [1], [1, 2]]),
      labels: Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1]),
    };
    for (const method of ['softmax', 'energy', 'prototype'] as const) {
      const rule = calibrateOpenSet(model, val, { method, knownRate: 0.75 });
      const kept = predict(model, val, { classNames: names, rule }).filter((p) => !p.unknown).length;
      expect(kept / 8).toBeGreaterThanOrEqual(0.75);
      // Pixel 2 alone: equal logits, no energy, orthogonal to both prototypes.
      const [odd] = predict(model, images([[2]]), { classNames: names, rule });
      expect(odd?.unknown).toBe(true);
      expect(odd?.label).toBe('unknown');
      const [sure] = predict(model, images([[1]]), { classNames: names, rule });
      expect(sure).toMatchObject({ label: 'square', index: 1, unknown: false });
    }
    const rule = calibrateOpenSet(model, val, { method: 'prototype', knownRate: 1 });
    // Prototypes are the normalised class means: (p0 + (p0+p2)/√2) normalised, for class 0.
    const a = 3 + Math.SQRT1_2;
    const b = Math.SQRT1_2;
    expect(rule.prototypes?.[0]?.[0]).toBeCloseTo(a / Math.hypot(a, b), 6);
    expect(rule.prototypes?.[0]?.[2]).toBeCloseTo(b / Math.hypot(a, b), 6);
    // knownRate 1 keeps every calibration image: the threshold is their lowest score.
    expect(rule.threshold).toBeCloseTo(
      Math.min(...openSetScores(modelOutputs(model, val), 'prototype', rule.prototypes)),
      6,
    );
    model.dispose();
  });

  it('averages the 8 rotations and mirror images with test-time augmentation', () => {
    const model = pixelModel(weights());
    // A corner pixel lands on each of the 4 corners in 2 of the 8 views; only pixel 0 votes, for class 0.
    const out = modelOutputs(model, images([[0], [5]]), { tta: true });
    expect(out.logits[0]).toBeCloseTo(1, 6);
    expect(out.logits[1]).toBeCloseTo(0, 6);
    const sure = Math.exp(4) / (Math.exp(4) + 1);
    expect(out.probabilities[0]).toBeCloseTo((2 * sure + 6 * 0.5) / 8, 6);
    expect(out.embeddings[0]).toBeCloseTo(0.25, 6);
    expect(out.embeddings[15]).toBeCloseTo(0.25, 6);
    // Pixel 5 is an inner pixel: its views never light pixel 0 or 1.
    expect(out.logits[2]).toBeCloseTo(0, 6);
    const val = { ...images([[0], [0], [1], [1]]), labels: [0, 0, 1, 1] };
    const rule = calibrateOpenSet(model, val, { knownRate: 1, tta: true });
    expect(rule.tta).toBe(true);
    expect(predict(model, images([[0]]), { classNames: names, rule })[0]?.confidence).toBeCloseTo(
      (2 * sure + 6 * 0.5) / 8,
      6,
    );
    expect(() => predict(model, images([[0]]), { classNames: names, rule, tta: false })).toThrow(
      /calibrated with test-time augmentation/,
    );
    model.dispose();
  });

  it('with a base, also flags what the base sees unlike the images of the class it is answered as', () => {
    // The new head answers "square" for pixel 1 and for pixel 2 alike; the base (transferred from) tells them
    // apart: its third class is pixel 2.
    const model = pixelModel(
      Array.from({ length: 16 }, (_, p) => (p === 0 ? [4, 0] : p === 1 || p === 2 ? [0, 4] : [0, 0])),
    );
    const base = pixelModel(
      Array.from({ length: 16 }, (_, p) => [p === 0 ? 4 : 0, p === 1 ? 4 : 0, p === 2 ? 4 : 0]),
    );
    const lit = Array.from({ length: 40 }, (_, i) => [i % 2, 4 + (i % 11)]);
    const val = { ...images(lit), labels: lit.map(([p]) => p as number) };
    lit.forEach(([p], i) => {
      val.images[i * 16 + (p as number)] = 160 + 2 * i; // brightness varies, so the logits spread
    });
    const plain = calibrateOpenSet(model, val, { knownRate: 0.9 });
    const rule = calibrateOpenSet(model, val, { knownRate: 0.9, base });
    const odd = images([[2]], 230);
    expect(predict(model, odd, { classNames: names, rule: plain })[0]).toMatchObject({ label: 'square' });
    const [flagged] = predict(model, odd, { classNames: names, rule });
    expect(flagged).toMatchObject({ label: 'unknown', index: 1, unknown: true });
    expect(flagged?.score).toBeLessThan(rule.threshold);
    // The rule as a whole still keeps at least knownRate of the calibration images.
    const kept = predict(model, val, { classNames: names, rule }).filter((p) => !p.unknown).length;
    expect(kept / 40).toBeGreaterThanOrEqual(0.9);
    expect(rule.threshold).toBe(thresholdKeeping(ruleScores(modelOutputs(model, val), rule), 0.9));
    expect(rule.base?.means).toHaveLength(2);
    // Plain JSON: the same answers from a copy, without the base.
    const copy = JSON.parse(JSON.stringify(rule));
    const batch = images([[0], [1], [2], [1, 2]], 200);
    expect(ruleScores(modelOutputs(model, batch), copy)).toEqual(
      ruleScores(modelOutputs(model, batch), rule),
    );
    expect(createMetadata(model, { classNames: names, openSet: copy }).openSet).toEqual(rule);
    const few = { ...images([[0], [1]]), labels: [0, 1] };
    expect(() => calibrateOpenSet(model, few, { base })).toThrow(
      /at least 10 calibration images of each class/,
    );
    model.dispose();
    base.dispose();
  });

  it('without a rule never answers unknown, and names bad input', () => {
    const model = pixelModel(weights());
    const [p] = predict(model, images([[2]]), { classNames: names });
    expect(p?.unknown).toBe(false);
    expect(Number.isNaN(p?.score)).toBe(true);
    expect(() => predict(model, images([[0]]), { classNames: ['one'] })).toThrow(
      /2 classes but 1 class names/,
    );
    expect(() =>
      predict(model, { images: new Uint8Array(64), shape: [1, 8, 8, 1] }, { classNames: names }),
    ).toThrow(/takes 4x4x1 images but got 8x8x1/);
    const val = { ...images([[0]]), labels: [0] };
    expect(() => calibrateOpenSet(model, val, { knownRate: 0 })).toThrow(/knownRate/);
    expect(calibrateOpenSet(model, val).knownRate).toBe(DEFAULT_KNOWN_RATE);
    expect(DEFAULT_KNOWN_RATE).toBe(0.995);
    expect(() => calibrateOpenSet(model, val, { method: 'prototype' })).toThrow(/Class 1 has no images/);
    model.dispose();
  });
});
