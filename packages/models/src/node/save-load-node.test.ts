import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from '../architectures/default-cnn.js';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { ModelExistsError } from '../errors/model-exists-error.js';
import { ModelFileError } from '../errors/model-file-error.js';
import { createMetadata } from '../metadata.js';
import { calibrateOpenSet, predict } from '../open-set/index.js';
import { images, pixelModel } from '../test-models.js';
import { loadModelFromDir, saveModelToDir } from './save-load-node.js';

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-save-load-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const classNames = ['circle', 'square', 'triangle'];
const weightValues = (m: tfl.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

describe('saveModelToDir / loadModelFromDir', () => {
  it('ships an open-set rule: the loaded model answers unknown where the saved one did', async () => {
    const model = pixelModel(
      Array.from({ length: 16 }, (_, p) => (p === 0 ? [4, 0] : p === 1 ? [0, 4] : [0, 0])),
    );
    const val = { ...images([[0], [0], [1], [1]]), labels: [0, 0, 1, 1] };
    const rule = calibrateOpenSet(model, val, { knownRate: 1 });
    const names = ['circle', 'square'];
    const dir = path.join(root, 'open-set');
    await saveModelToDir(model, dir, createMetadata(model, { classNames: names, openSet: rule }));
    const { model: loaded, metadata } = await loadModelFromDir(dir);
    expect(metadata.openSet).toEqual(rule);
    const batch = images([[0], [1], [2]]);
    const before = predict(model, batch, { classNames: names, rule });
    const after = predict(loaded, batch, { classNames: metadata.classNames, rule: metadata.openSet });
    expect(after.map((p) => p.label)).toEqual(['circle', 'square', 'unknown']);
    expect(after.map((p) => p.confidence)).toEqual(before.map((p) => p.confidence));
    model.dispose();
    loaded.dispose();
  });

  it('round-trips the default CNN: the same weights, predictions and metadata', async () => {
    const model = createDefaultCnn({ classes: 3 });
    // Every weight random, biases included (they start at zero), as after training.
    tf.tidy(() =>
      model.setWeights(model.getWeights().map((w, i) => tf.randomNormal(w.shape, 0, 0.1, 'float32', i))),
    );
    const metadata = createMetadata(model, {
      classNames,
      provenance: { dataset: { preset: 'default', seed: 1 }, notes: 'round trip' },
      openSet: { method: 'softmax', threshold: 0.6, knownRate: 0.995 },
    });
    const dir = path.join(root, 'default-cnn');
    const result = await saveModelToDir(model, dir, metadata);
    expect(result.modelArtifactsInfo.weightDataBytes).toBe(model.countParams() * 4);

    const loaded = await loadModelFromDir(dir);
    expect(loaded.metadata).toEqual(metadata);
    expect(loaded.metadata).toMatchObject({ inputSize: 64, channels: 1, architecture: 'default_cnn' });
    expect(weightValues(loaded.model)).toEqual(weightValues(model));
    const x = tf.randomUniform([3, 64, 64, 1], 0, 1, 'float32', 9);
    const want = (model.predict(x) as tf.Tensor).dataSync();
    expect((loaded.model.predict(x) as tf.Tensor).dataSync()).toEqual(want);

    // A second save needs overwrite, and the option reaches the handler.
    await expect(saveModelToDir(model, dir, metadata)).rejects.toThrow(ModelExistsError);
    await saveModelToDir(model, dir, { ...metadata, classNames: ['a', 'b', 'c'] }, { overwrite: true });
    expect((await loadModelFromDir(dir)).metadata.classNames).toEqual(['a', 'b', 'c']);
    tf.dispose(x);
    model.dispose();
    loaded.model.dispose();
  });

  it('refuses a model.json whose metadata disagrees with its model, naming the file', async () => {
    const model = createDefaultCnn({ classes: 3, inputSize: 16 });
    const dir = path.join(root, 'mismatch');
    await saveModelToDir(model, dir, createMetadata(model, { classNames }));
    const jsonPath = path.join(dir, 'model.json');
    const original = JSON.parse(await fs.readFile(jsonPath, 'utf8'));
    const edit = async (change: Record<string, unknown>) => {
      const json = structuredClone(original);
      Object.assign(json.userDefinedMetadata.shapes, change);
      await fs.writeFile(jsonPath, JSON.stringify(json));
      return loadModelFromDir(dir).catch((e) => e);
    };

    let error = await edit({ classNames: [...classNames, 'star'] });
    expect(error).toBeInstanceOf(InvalidModelError);
    expect(error.message).toContain(jsonPath);
    expect(error.message).toMatch(/names 4 classes .* has 3 units/);
    error = await edit({ inputSize: 64 });
    expect(error.message).toMatch(/says inputs are 64x64x1 but the model takes 16x16x1/);
    error = await edit({ channels: 3 });
    expect(error.message).toMatch(/16x16x3 but the model takes 16x16x1/);
    error = await edit({ formatVersion: 7 });
    expect(error.message).toMatch(/formatVersion is 7.* newer @shapes\/models, upgrade/);
    model.dispose();
  });

  it('refuses weights that hold NaN or Infinity, whose answers would be NaN', async () => {
    const model = createDefaultCnn({ classes: 3, inputSize: 16 });
    const dir = path.join(root, 'nan');
    await saveModelToDir(model, dir, createMetadata(model, { classNames }));
    const weightsPath = path.join(dir, 'weights.bin');
    const bytes = await fs.readFile(weightsPath);
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    floats[3] = Number.NaN;
    floats[floats.length - 1] = Number.POSITIVE_INFINITY;
    await fs.writeFile(weightsPath, bytes);
    const error = await loadModelFromDir(dir).catch((e) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.message).toBe(
      `${path.join(dir, 'model.json')}: the weights hold NaN or Infinity (2 of ${model.countParams()} values, ` +
        `starting in "block1_conv/kernel"), so the model's answers would be meaningless. Retrain the model, or ` +
        'restore its files from a copy.',
    );
    model.dispose();
  });

  it('refuses a model.json edited to take huge images, before building it', async () => {
    const model = createDefaultCnn({ classes: 3, inputSize: 16 });
    const dir = path.join(root, 'huge-input');
    await saveModelToDir(model, dir, createMetadata(model, { classNames }));
    model.dispose();
    const jsonPath = path.join(dir, 'model.json');
    const json = JSON.parse(await fs.readFile(jsonPath, 'utf8'));
    // Both edited, so that the metadata agrees with the model: the default CNN's weights fit any input size.
    json.modelTopology.config.layers[0].config.batch_input_shape = [null, 20000, 20000, 1];
    json.userDefinedMetadata.shapes.inputSize = 20000;
    await fs.writeFile(jsonPath, JSON.stringify(json));
    const error = await loadModelFromDir(dir).catch((e) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.path).toBe(jsonPath);
    expect(error.message).toMatch(
      /input shape \[null,20000,20000,1\] \(batch_input_shape\); .* at most 512 pixels/,
    );
  });
});
