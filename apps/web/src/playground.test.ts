import { createDataset } from '@shapes/data';
import { loadPretrainedBase, teachableMachineFiles } from '@shapes/models';
import { selectBackend } from '@shapes/runtime';
import { TRANSFER_DEFAULTS } from '@shapes/train';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Playground } from './playground.js';

const SHAPES = ['circle', 'square', 'triangle'];

function images(shape: string, n: number, seed: number): Uint8Array[] {
  const data = createDataset({ shapes: [shape], perClass: n, seed, styles: ['outline', 'sketch'] });
  return Array.from({ length: n }, (_, i) => data.images.slice(i * 64 * 64, (i + 1) * 64 * 64) as Uint8Array);
}

function share(playground: Playground, list: Uint8Array[], label: string): number {
  return list.filter((pixels) => playground.predict(pixels).label === label).length / list.length;
}

beforeAll(async () => {
  await selectBackend({ backend: 'wasm' });
});

describe('Playground.usePretrained', () => {
  it('answers generated circles, squares and triangles right after loading the pretrained base, untrained', async () => {
    const pretrained = new Playground();
    await pretrained.usePretrained();
    expect(pretrained.source).toBe('pretrained');
    expect(pretrained.classifier?.classNames).toEqual(SHAPES);
    expect(pretrained.classifier?.openSet).toBe(true);
    expect(pretrained.inputSize).toBe(64);
    // Seeds the other tests do not use, so these images are new to this check too.
    for (const [i, shape] of SHAPES.entries()) {
      expect(share(pretrained, images(shape, 20, 90 + i), shape), shape).toBeGreaterThanOrEqual(0.9);
    }
  });
});

describe('Playground.classify', () => {
  it('answers a picture of any size as predict answers it at the model size, the preprocessing the preview shows', async () => {
    const pretrained = new Playground();
    await pretrained.usePretrained();
    const data = createDataset({ shapes: ['square'], perClass: 1, seed: 93, size: 128, channels: 3 });
    const picture = { data: data.images as Uint8Array, width: 128, height: 128, channels: 3 as const };
    const pixels = await pretrained.imageOf(picture);
    expect(pixels).toHaveLength(64 * 64);
    const p = pretrained.predict(pixels);
    const [best] = await pretrained.classify(picture);
    expect(best?.className).toBe(p.label);
    expect(best?.probability).toBeCloseTo(p.unknown ? 1 - p.confidence : p.confidence, 5);
    expect(await pretrained.classify(picture, 1)).toHaveLength(1);
  });
});

describe('Playground.loadTeachableMachine', () => {
  it('loads a Teachable Machine export: RGB pictures and gray drawings answered, a class taught on it', async () => {
    const base = await loadPretrainedBase();
    const files = await teachableMachineFiles(base.model, base.metadata, { imageSize: 64 });
    base.model.dispose();
    const tm = new Playground();
    const { modelTopology, weightsManifest } = files.modelJson;
    await tm.loadTeachableMachine(
      tf.io.fromMemory({
        modelTopology,
        weightSpecs: weightsManifest[0]?.weights,
        weightData: files.weights,
      }),
      files.metadata,
      'model.json',
    );
    expect(tm.source).toBe('loaded from model.json (Teachable Machine)');
    expect(tm.classifier?.classNames).toEqual(SHAPES);
    expect([tm.inputSize, tm.channels]).toEqual([64, 3]);
    const data = createDataset({ shapes: ['square'], perClass: 1, seed: 93, size: 128, channels: 3 });
    const picture = { data: data.images as Uint8Array, width: 128, height: 128, channels: 3 as const };
    const pixels = await tm.imageOf(picture);
    expect(pixels).toHaveLength(64 * 64 * 3);
    const [best] = await tm.classify(picture);
    expect(best?.className).toBe(tm.predict(pixels).label);
    // A drawing is gray: it is turned to RGB, and Teachable Machine always answers one of its labels.
    expect(SHAPES).toContain(tm.predict(images('circle', 1, 95)[0] as Uint8Array).label);
    expect(() => tm.addExample('star', new Uint8Array(10))).toThrow(/64x64 gray pixels or RGB ones/);
    tm.addGeneratedExamples('star', 10);
    expect(await tm.teachFewShot()).toEqual([...SHAPES, 'star']);
    expect(tm.classifier?.head).toBe('prototypes');
  });

  it('names the file at fault when metadata.json does not fit the model', async () => {
    const base = await loadPretrainedBase();
    const files = await teachableMachineFiles(base.model, base.metadata, { imageSize: 64 });
    base.model.dispose();
    const { modelTopology, weightsManifest } = files.modelJson;
    const source = tf.io.fromMemory({
      modelTopology,
      weightSpecs: weightsManifest[0]?.weights,
      weightData: files.weights,
    });
    await expect(
      new Playground().loadTeachableMachine(source, { ...files.metadata, labels: ['a', 'b'] }, 'model.json'),
    ).rejects.toThrow(/model\.json: metadata\.json names 2 labels/);
  });
});

describe('Playground', () => {
  let playground: Playground;

  beforeAll(async () => {
    playground = new Playground();
    // As the page does: it opens on the pretrained base, and Train replaces it.
    await playground.usePretrained();
    await playground.train({ shapes: SHAPES, perClass: 1000, epochs: 3, seed: 1 });
    // About 35 s alone; `turbo test` runs every package's tests at once on two cores, which can make it four times that.
  }, 600_000);

  it('trains a base that names held-out shapes and calibrates an unknown rule', () => {
    expect(playground.source).toBe('trained here');
    expect(playground.classifier?.openSet).toBe(true);
    expect(share(playground, images('square', 20, 99), 'square')).toBeGreaterThanOrEqual(0.8);
    expect(share(playground, images('circle', 20, 98), 'circle')).toBeGreaterThanOrEqual(0.8);
  });

  it('learns a new class from ten examples without training, then by fine-tuning', async () => {
    expect(playground.addGeneratedExamples('star', 10)).toHaveLength(10);
    expect(playground.examples().get('star')).toBe(10);
    const classes = await playground.teachFewShot();
    expect(classes).toEqual([...SHAPES, 'star']);
    expect(playground.source).toBe('few-shot');
    const stars = images('star', 20, 97);
    expect(share(playground, stars, 'star')).toBeGreaterThanOrEqual(0.7);
    expect(share(playground, images('circle', 20, 98), 'circle')).toBeGreaterThanOrEqual(0.7);

    const { classNames } = await playground.fineTune();
    expect(classNames).toEqual([...SHAPES, 'star']);
    expect(playground.source).toBe('fine-tuned here');
    expect(playground.classifier?.head).toBe('softmax');
    // The same workflow and defaults as `shapes transfer` and the Node app.
    expect(playground.classifier?.metadata.openSet?.knownRate).toBe(TRANSFER_DEFAULTS.knownRate);
    expect(share(playground, stars, 'star')).toBeGreaterThanOrEqual(0.7);
  });

  it('saves the few-shot head with the model, and loads it back answering the same', async () => {
    await playground.teachFewShot();
    const probe = images('star', 3, 96);
    const before = probe.map((p) => playground.predict(p).label);
    let saved: tf.io.ModelArtifacts | undefined;
    await playground.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const other = new Playground();
    await other.load(tf.io.fromMemory(saved as tf.io.ModelArtifacts), 'memory');
    expect(other.classifier?.head).toBe('prototypes');
    expect(other.classifier?.classNames).toEqual([...SHAPES, 'star']);
    expect(probe.map((p) => other.predict(p).label)).toEqual(before);
  });

  it('names the problem when asked too early or with a bad class name', async () => {
    const empty = new Playground();
    expect(() => empty.predict(new Uint8Array(64 * 64))).toThrow(/train one or load one/);
    await expect(empty.teachFewShot()).rejects.toThrow(/train one or load one/);
    expect(() => playground.addExample('Big Star!', new Uint8Array(64 * 64))).toThrow(/lower-case word/);
    expect(() => playground.addExample('heart', new Uint8Array(10))).toThrow(/64x64 gray pixels/);
    expect(() => playground.addGeneratedExamples('heart', 3)).toThrow(/draw the examples instead/);
  });
});
