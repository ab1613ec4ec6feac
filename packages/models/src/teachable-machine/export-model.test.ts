import { resizeImage } from '@shapes/data/node';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from '../architectures/default-cnn.js';
import { classifierOf } from '../classifier.js';
import { FewShotClassifier } from '../few-shot.js';
import { createMetadata } from '../metadata.js';
import { teachableMachineFiles, toTeachableMachine } from './export-model.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Gray images of random bytes, `n` of them at `size` pixels, seeded. */
function grayImages(n: number, size: number, seed: number) {
  const values = tf.tidy(() => tf.randomUniform([n, size, size, 1], 0, 256, 'int32', seed).dataSync());
  return { images: Uint8Array.from(values), shape: [n, size, size, 1] as [number, number, number, number] };
}

/** What a Teachable Machine loader feeds for gray `images`: RGB, each pixel `k` x `k`, `byte / 127 - 1`. */
function tmInput(images: Uint8Array, n: number, size: number, k = 1): tf.Tensor4D {
  return tf.tidy(() => {
    const gray = tf.tensor4d(images, [n, size, size, 1], 'float32');
    const big = k > 1 ? tf.image.resizeNearestNeighbor(gray, [size * k, size * k]) : gray;
    return tf.sub(tf.div(tf.tile(big, [1, 1, 1, 3]), 127), 1) as tf.Tensor4D;
  });
}

function outputs(model: tfl.LayersModel, x: tf.Tensor): number[][] {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).arraySync() as number[][]);
}

describe('toTeachableMachine', () => {
  const classNames = ['circle', 'square', 'triangle'];

  it('answers as the @shapes model on the same pixels, at the model size and at multiples of it', () => {
    const model = createDefaultCnn({ classes: 3, inputSize: 16, seed: 1 });
    const metadata = createMetadata(model, { classNames });
    const batch = grayImages(6, 16, 2);
    const want = classifierOf(model, metadata)
      .predict(batch)
      .map((p) => Array.from(p.probabilities));
    for (const k of [1, 2, 3]) {
      const tm = toTeachableMachine(model, metadata, { imageSize: 16 * k });
      expect(tm.model.inputs[0]!.shape).toEqual([null, 16 * k, 16 * k, 3]);
      expect(tm.metadata.labels).toEqual(classNames);
      expect(tm.metadata.imageSize).toBe(16 * k);
      const x = tmInput(batch.images, 6, 16, k);
      const got = outputs(tm.model, x);
      got.forEach((row, i) => {
        row.forEach((v, c) => {
          expect(v).toBeCloseTo(want[i]![c]!, 5);
        });
      });
      x.dispose();
      tm.model.dispose();
    }
    model.dispose();
  });

  it('resizes by averaging the area each input pixel covers, as @shapes/data resizes images', () => {
    // 56 to 16 pixels is 2/7: an upsampling by 2, then 7x7 averages.
    const model = createDefaultCnn({ classes: 3, inputSize: 16, seed: 3 });
    const metadata = createMetadata(model, { classNames });
    const tm = toTeachableMachine(model, metadata, { imageSize: 56 });
    expect(tm.model.layers.slice(0, 3).map((l) => l.getClassName())).toEqual([
      'Conv2D',
      'UpSampling2D',
      'AveragePooling2D',
    ]);
    const big = grayImages(4, 56, 4);
    const small = new Uint8Array(4 * 16 * 16);
    for (let i = 0; i < 4; i++) {
      const one = big.images.subarray(i * 56 * 56, (i + 1) * 56 * 56);
      small.set(resizeImage(one, 56, 56, 1, 16, 16), i * 256);
    }
    const want = classifierOf(model, metadata).predict({ images: small, shape: [4, 16, 16, 1] });
    const x = tmInput(big.images, 4, 56);
    const got = outputs(tm.model, x);
    got.forEach((row, i) => {
      // resizeImage rounds to bytes; the layers do not.
      row.forEach((v, c) => {
        expect(Math.abs(v - want[i]!.probabilities[c]!)).toBeLessThan(0.02);
      });
    });
    x.dispose();
    tm.model.dispose();
    model.dispose();
  });

  it('exports a few-shot model with its own classes, its prototype head as standard layers', () => {
    const base = createDefaultCnn({ classes: 3, inputSize: 16, seed: 5 });
    const examples = grayImages(8, 16, 6);
    const few = FewShotClassifier.fromExamples(base, { ...examples, labels: [0, 0, 1, 1, 2, 2, 3, 3] }, [
      'star',
      'pentagon',
      'hexagon',
      'heart',
    ]);
    const metadata = createMetadata(base, { classNames, prototypes: few.toJSON() });
    const tm = toTeachableMachine(base, metadata, { imageSize: 32 });
    expect(tm.metadata.labels).toEqual(['star', 'pentagon', 'hexagon', 'heart']);
    expect(tm.model.outputs[0]!.shape).toEqual([null, 4]);
    const batch = grayImages(10, 16, 7);
    const want = classifierOf(base, metadata).predict(batch);
    const x = tmInput(batch.images, 10, 16, 2);
    const got = outputs(tm.model, x);
    got.forEach((row, i) => {
      expect(row.indexOf(Math.max(...row))).toBe(want[i]!.index);
      row.forEach((v, c) => {
        expect(v).toBeCloseTo(want[i]!.probabilities[c]!, 4);
      });
    });
    x.dispose();
    tm.model.dispose();
    base.dispose();
  });

  it('says what stays behind: framing and the unknown rule', () => {
    const model = createDefaultCnn({ classes: 3, inputSize: 16 });
    const plain = toTeachableMachine(model, createMetadata(model, { classNames }), { imageSize: 16 });
    expect(plain.notes).toEqual([]);
    plain.model.dispose();
    const metadata = createMetadata(model, {
      classNames,
      preprocessing: { scale: 'unit', frame: 'ink', normalize: 'ink' },
      openSet: { method: 'softmax', threshold: 0.5, knownRate: 0.995 },
    });
    const framed = toTeachableMachine(model, metadata, { imageSize: 16 });
    expect(framed.notes.join(' ')).toMatch(
      /frames each image's ink and makes it light on black .* frame them first/,
    );
    expect(framed.notes.join(' ')).toMatch(/always answers one of its labels/);
    expect(framed.metadata.userMetadata).toMatchObject({
      shapes: { preprocessing: { frame: 'ink' }, inputSize: 16, channels: 1, head: 'softmax' },
    });
    framed.model.dispose();
    model.dispose();
  });

  it('refuses an image size standard layers cannot resize from, naming sizes that work', () => {
    const model = createDefaultCnn({ classes: 3, inputSize: 16 });
    const metadata = createMetadata(model, { classNames });
    expect(() => toTeachableMachine(model, metadata, { imageSize: 8 })).toThrow(
      /from the model's input size, 16/,
    );
    expect(() => toTeachableMachine(model, metadata, { imageSize: 90 })).toThrow(
      /cannot be resized .* 8x upsampling, then a 45x45 average\)\. Pick a size .* 16, 32, or 224/,
    );
    model.dispose();
  });
});

describe('teachableMachineFiles', () => {
  it("writes Teachable Machine's three files: model.json naming weights.bin, and metadata.json", async () => {
    const model = createDefaultCnn({ classes: 2, inputSize: 16 });
    const metadata = createMetadata(model, { classNames: ['yes', 'no'], architecture: 'mine' });
    const files = await teachableMachineFiles(model, metadata);
    expect(files.modelJson.weightsManifest).toEqual([{ paths: ['weights.bin'], weights: expect.any(Array) }]);
    expect(files.modelJson.userDefinedMetadata).toBeUndefined();
    expect(files.modelJson.format).toBe('layers-model');
    const specs = files.modelJson.weightsManifest[0]!.weights;
    expect(files.weights.byteLength).toBe(
      specs.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0),
    );
    expect(files.metadata).toMatchObject({
      tfjsVersion: tfl.version_layers,
      tmVersion: '@shapes/models@0.1.0',
      packageName: '@teachablemachine/image',
      packageVersion: '0.8.5',
      modelName: 'mine',
      labels: ['yes', 'no'],
      imageSize: 224,
    });
    expect(Number.isNaN(Date.parse(files.metadata.timeStamp!))).toBe(false);
    // tfjs loads what was written, and the copy shares nothing with the model.
    const loaded = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: files.modelJson.modelTopology,
        weightSpecs: specs,
        weightData: files.weights,
      }),
    );
    expect(loaded.inputs[0]!.shape).toEqual([null, 224, 224, 3]);
    loaded.dispose();
    expect(() => model.getWeights()[0]!.dataSync()).not.toThrow();
    model.dispose();
  });
});
