import { createDataset, frameInk } from '@shapes/data';
import { createDefaultCnn, modelOutputs, preprocessingOf } from '@shapes/models';
import { selectBackend } from '@shapes/runtime';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { weightValues } from '../test-fixtures.js';
import { fineTune, learningCurve, trainFromScratch } from './few-shot-experiment.js';
import { learningCurveSvg } from './learning-curve-svg.js';
import { outlierDataset } from './outliers.js';

// The default CNN is 64x64: wasm keeps these runs to seconds.
beforeAll(async () => {
  await selectBackend({ backend: 'wasm', threads: 1 });
});

const tiny = { headSamples: 96, fineTuneSamples: 48, scratchSamples: 48 };

describe('few-shot experiments', () => {
  it('fine-tunes a copy: the base is untouched, the new model has the new classes', async () => {
    const base = createDefaultCnn({ classes: 3, seed: 1 });
    const before = weightValues(base);
    const examples = createDataset({ shapes: ['star', 'pentagon'], perClass: 2, seed: 5 });
    const { model, seconds } = await fineTune(base, examples, { ...tiny, fineTune: 'all-but-last-block' });
    expect(model.outputs[0]?.shape).toEqual([null, 2]);
    expect(seconds).toBeGreaterThan(0);
    expect(weightValues(base)).toEqual(before);
    // The head trained (on cached embeddings) and so did the last block (in the second phase); block 1 did not.
    const head = (m: tfl.LayersModel) => Array.from(m.getLayer('head_dense').getWeights()[0]!.dataSync());
    const block = (m: tfl.LayersModel) => Array.from(m.getLayer('block4_conv').getWeights()[0]!.dataSync());
    expect(head(model)).not.toEqual(head(base));
    expect(block(model)).not.toEqual(block(base));
    expect(Array.from(model.getLayer('block1_conv').getWeights()[0]!.dataSync())).toEqual(
      Array.from(base.getLayer('block1_conv').getWeights()[0]!.dataSync()),
    );
    model.dispose();
    base.dispose();
  });

  it('frames every image by default, in training and after: the new model says so in its preprocessing', async () => {
    const base = createDefaultCnn({ classes: 3, seed: 1 });
    const examples = createDataset({ shapes: ['star', 'pentagon'], perClass: 2, seed: 5 });
    const framed = await fineTune(base, examples, { ...tiny, fineTuneSamples: 0 });
    const plain = await fineTune(base, examples, { ...tiny, fineTuneSamples: 0, frame: false });
    expect(preprocessingOf(framed.model)).toEqual({ scale: 'unit', frame: 'ink' });
    expect(preprocessingOf(plain.model)).toEqual({ scale: 'unit' });
    expect(preprocessingOf(base)).toEqual({ scale: 'unit' });
    // The framed model's head learned from framed images, so its weights differ from the plain one's.
    const head = (m: tfl.LayersModel) => Array.from(m.getLayer('head_output').getWeights()[0]!.dataSync());
    expect(head(framed.model)).not.toEqual(head(plain.model));
    // Images framed by hand would be framed twice: the model frames what it is given.
    const test = createDataset({ shapes: ['star'], perClass: 2, seed: 6 });
    expect(modelOutputs(framed.model, test).probabilities).not.toEqual(
      modelOutputs(framed.model, frameInk(test)).probabilities,
    );
    const scratch = await trainFromScratch(examples, { ...tiny });
    expect(preprocessingOf(scratch.model).frame).toBe('ink');
    for (const m of [framed.model, plain.model, scratch.model, base]) m.dispose();
  });

  it('trains outliers towards "none of these": the new model is less sure of shapes it was not taught', async () => {
    const base = createDefaultCnn({ classes: 3, seed: 1 });
    const examples = createDataset({ shapes: ['circle', 'square'], perClass: 8, seed: 5 });
    const others = outlierDataset(64, 11, examples.classNames);
    const unseen = outlierDataset(32, 12, examples.classNames);
    const sureness = async (outliers?: typeof others) => {
      const { model } = await fineTune(base, examples, {
        headSamples: 8000,
        headRate: 0.03,
        outliers,
        augment: false,
        // Images as they are: on this untrained base, framed and normalized images of any shape look alike to
        // the head, which is then unsure of everything and leaves outlier exposure nothing to show.
        frame: false,
      });
      const { probabilities, classes } = modelOutputs(model, unseen, { tta: false });
      model.dispose();
      let sum = 0;
      for (let i = 0; i < unseen.shape[0]; i++) {
        sum += Math.max(...probabilities.subarray(i * classes, (i + 1) * classes));
      }
      return sum / unseen.shape[0];
    };
    const plain = await sureness();
    const exposed = await sureness(others);
    // Two classes: 0.5 is "no idea". Without outliers the head is surer of shapes it never saw (0.70); outlier
    // exposure brings them almost to 0.5 (0.52).
    expect(plain).toBeGreaterThan(0.6);
    expect(exposed).toBeLessThan(0.55);
    expect(plain - exposed).toBeGreaterThan(0.08);
    base.dispose();
  });

  it('runs every method at every point and seed, and draws the curves', async () => {
    const base = createDefaultCnn({ classes: 3, seed: 1 });
    const seen: string[] = [];
    const curve = await learningCurve({
      base,
      shapes: ['star', 'hexagon'],
      shots: [1, 2],
      seeds: [1, 2],
      testPerClass: 5,
      training: tiny,
      onPoint: (p) => void seen.push(`${p.method}-${p.shots}-${p.seed}`),
    });
    expect(curve.points).toHaveLength(2 * 2 * 3);
    expect(seen).toContain('prototype-2-2');
    for (const p of curve.points) expect(p.accuracy).toBeGreaterThanOrEqual(0);
    const row = curve.summary.find((s) => s.method === 'transfer' && s.shots === 2);
    const runs = curve.points.filter((p) => p.method === 'transfer' && p.shots === 2).map((p) => p.accuracy);
    expect(row?.accuracy.mean).toBeCloseTo((runs[0]! + runs[1]!) / 2, 10);
    const svg = learningCurveSvg(curve);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(3);
    expect(svg).toContain('star, hexagon');
    expect(svg).toContain('<title>Learning curves');
    base.dispose();
  });
});
