import { createDataset } from '@shapes/data';
import type { Prediction } from '@shapes/models';
import { summarizePredictions } from '@shapes/train';
import { describe, expect, it } from 'vitest';
import {
  knownFigures,
  OPENCV_WRITER,
  shareAnswered,
  sizesOf,
  THIN_STROKES,
  unknownFigures,
  whyFailed,
} from './looks.js';

const classNames = ['circle', 'square', 'triangle'];

/** A prediction of class `index` (or `unknown`), with a score that ranks known above unknown. */
function p(index: number, unknown = false, score = unknown ? 0.1 : 0.9): Prediction {
  return {
    label: unknown ? 'unknown' : (classNames[index] as string),
    index,
    confidence: 0.9,
    probabilities: new Float32Array(3),
    unknown,
    score,
  };
}

describe('knownFigures', () => {
  it('counts the known images only, and the share of them answered unknown', () => {
    // Four known images (one wrong, one right but unknown) and two stars.
    const predictions = [p(0), p(1), p(1, true), p(0), p(2, true, 0.2), p(0, false, 0.5)];
    const truth = ['circle', 'square', 'square', 'triangle', 'star', 'star'];
    const s = summarizePredictions(predictions, truth, classNames);
    expect(knownFigures('four-shapes', s)).toEqual({
      what: 'four-shapes',
      images: 4,
      accuracy: 0.75,
      answeredUnknown: 0.25,
      perClassAccuracy: { circle: 1, square: 1, triangle: 0 },
    });
    // The known image answered unknown scores under both stars: 6 of the 8 known-star pairs rank right.
    expect(unknownFigures(s)).toEqual({ images: 2, classes: ['star'], flaggedUnknown: 0.5, auroc: 0.75 });
  });

  it('gives no AUROC without unknown images', () => {
    const s = summarizePredictions([p(0), p(1)], ['circle', 'square'], classNames);
    expect(unknownFigures(s).auroc).toBeNull();
  });
});

describe('shareAnswered', () => {
  it('is the share of predictions with that label, unknown included', () => {
    expect(shareAnswered([p(0), p(1, true), p(1, true)], 'unknown')).toBe(0.6667);
    expect(shareAnswered([p(0), p(1, true), p(1, true)], 'circle')).toBe(0.3333);
  });
});

describe('sizesOf', () => {
  it('keeps the transfer at its defaults, and shrinks everything with --smoke', () => {
    expect(sizesOf({ perClass: 200, smoke: false })).toMatchObject({
      perClass: 200,
      shots: 20,
      validationPerClass: 500,
      headSamples: undefined,
      basePerClass: 1000,
      baseEpochs: 3,
    });
    expect(sizesOf({ perClass: 200, smoke: true }).perClass).toBeLessThan(10);
  });
});

describe('THIN_STROKES', () => {
  it('draws 1-pixel outlines and sketches, dark on light, at 64x64', () => {
    const d = createDataset({
      shapes: classNames,
      perClass: 2,
      seed: 3,
      size: 64,
      channels: 1,
      render: THIN_STROKES,
    });
    for (let i = 0; i < d.shape[0]; i++) {
      const image = d.images.subarray(i * 64 * 64, (i + 1) * 64 * 64);
      // Dark lines on a light background: the background (the median) is at least the contrast's least (90)
      // and far darker pixels, the ink, are few (a filled shape would cover a fifth of the image or more).
      const sorted = Array.from(image).sort((a, b) => a - b);
      const background = sorted[Math.floor(sorted.length / 2)] as number;
      expect(background).toBeGreaterThanOrEqual(90);
      expect(sorted.filter((v) => v < background - 45).length / sorted.length).toBeLessThan(0.12);
    }
  });
});

describe('OPENCV_WRITER', () => {
  it("imports the original demo's function rather than a copy, and writes no bytecode beside it", () => {
    expect(OPENCV_WRITER).toContain('from opencv_peer import SHAPES, generate_shape_image');
    expect(OPENCV_WRITER).toContain('sys.dont_write_bytecode = True');
    expect(OPENCV_WRITER).not.toContain('def generate_shape_image');
  });
});

describe('whyFailed', () => {
  it('says a missing module, a missing python, or the exit status', () => {
    expect(
      whyFailed({ status: 1, stderr: "Traceback...\nModuleNotFoundError: No module named 'cv2'\n" }),
    ).toBe("ModuleNotFoundError: No module named 'cv2'");
    expect(whyFailed({ error: new Error('spawnSync python3 ENOENT'), status: null, stderr: '' })).toBe(
      'spawnSync python3 ENOENT',
    );
    expect(whyFailed({ status: 2, stderr: '' })).toBe('exit status 2');
  });
});
