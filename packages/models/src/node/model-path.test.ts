import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from '../architectures/default-cnn.js';
import { classifierOf } from '../classifier.js';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { ModelFileError } from '../errors/model-file-error.js';
import { FewShotClassifier } from '../few-shot.js';
import { createMetadata, type ModelMetadata } from '../metadata.js';
import { modelFiles } from '../model-files.js';
import { findModelJson, loadModelFromPath } from './model-path.js';
import { saveModelToDir } from './save-load-node.js';
import { saveTeachableMachineToDir } from './teachable-machine-dir.js';

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-model-path-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** Writes what the playground's Download writes (see `modelFiles`): `<prefix>.json` and `<prefix>.weights.bin`. */
async function download(
  model: tfl.LayersModel,
  metadata: ModelMetadata,
  dir: string,
  prefix = 'shapes-model',
) {
  const files = await modelFiles(model, metadata, { name: prefix });
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(path.join(dir, files.names.modelJson), JSON.stringify(files.modelJson));
  await fs.writeFile(path.join(dir, files.names.weights), new Uint8Array(files.weights));
}

const classNames = ['circle', 'square', 'triangle'];
const small = () => createDefaultCnn({ classes: 3, inputSize: 16, seed: 1 });
const batch = {
  images: new Uint8Array(3 * 256).map((_, i) => (i * 29) % 256),
  shape: [3, 16, 16, 1] as const,
};

describe('loadModelFromPath', () => {
  it("loads the playground's download by its folder or its .json file, answering as the model did", async () => {
    const model = createDefaultCnn({ classes: 3, inputSize: 16, seed: 2 });
    const metadata = createMetadata(model, { classNames });
    const dir = path.join(root, 'Downloads');
    await download(model, metadata, dir);
    const want = classifierOf(model, metadata).predict({
      images: new Uint8Array(2 * 256).map((_, i) => (i * 37) % 256),
      shape: [2, 16, 16, 1],
    });
    for (const p of [dir, path.join(dir, 'shapes-model.json')]) {
      const loaded = await loadModelFromPath(p);
      expect(loaded.format).toBe('shapes-model');
      expect(loaded.path).toBe(path.join(dir, 'shapes-model.json'));
      expect(loaded.metadata).toEqual(metadata);
      const got = classifierOf(loaded.model, loaded.metadata).predict({
        images: new Uint8Array(2 * 256).map((_, i) => (i * 37) % 256),
        shape: [2, 16, 16, 1],
      });
      expect(got.map((g) => Array.from(g.probabilities))).toEqual(
        want.map((w) => Array.from(w.probabilities)),
      );
      loaded.model.dispose();
    }
    model.dispose();
  });

  it('loads a downloaded few-shot model with its own classes', async () => {
    const base = createDefaultCnn({ classes: 3, inputSize: 16, seed: 3 });
    const few = FewShotClassifier.fromExamples(base, { ...batch, labels: [0, 1, 1] }, ['star', 'heart']);
    const metadata = createMetadata(base, { classNames, prototypes: few.toJSON() });
    const dir = path.join(root, 'few-shot');
    await download(base, metadata, dir);
    const loaded = await loadModelFromPath(path.join(dir, 'shapes-model.json'));
    const classifier = classifierOf(loaded.model, loaded.metadata);
    expect(classifier.head).toBe('prototypes');
    expect(classifier.classNames).toEqual(['star', 'heart']);
    expect(classifier.predict(batch).map((p) => p.label)).toEqual(few.predict(batch).map((p) => p.label));
    loaded.model.dispose();
    base.dispose();
  });

  it("imports a Teachable Machine folder, and says what is missing from a model without either format's metadata", async () => {
    const model = small();
    const dir = path.join(root, 'tm');
    await saveTeachableMachineToDir(model, createMetadata(model, { classNames }), dir, { imageSize: 32 });
    const loaded = await loadModelFromPath(dir);
    expect(loaded.format).toBe('teachable-machine');
    expect(loaded.metadata.classNames).toEqual(classNames);
    expect(loaded.metadata.inputSize).toBe(32);
    loaded.model.dispose();
    await fs.rm(path.join(dir, 'metadata.json'));
    const error = await loadModelFromPath(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidModelError);
    expect((error as Error).message).toMatch(
      /model\.json has no @shapes metadata .* and no Teachable Machine metadata\.json beside it/,
    );
    model.dispose();
  });
});

describe('findModelJson', () => {
  it('prefers model.json, else takes the one .json file that holds a model, never metadata.json', async () => {
    const model = small();
    const metadata = createMetadata(model, { classNames });
    const both = path.join(root, 'both');
    await saveModelToDir(model, both, metadata);
    await download(model, metadata, both);
    expect(await findModelJson(both)).toEqual({ dir: both, modelJson: 'model.json' });
    const mixed = path.join(root, 'mixed');
    await download(model, metadata, mixed);
    await fs.writeFile(path.join(mixed, 'manifest.json'), JSON.stringify({ classes: classNames }));
    await fs.writeFile(path.join(mixed, 'metadata.json'), JSON.stringify({ labels: classNames }));
    expect(await findModelJson(mixed)).toEqual({ dir: mixed, modelJson: 'shapes-model.json' });
    model.dispose();
  });

  it('refuses, naming the path and the fix: nothing there, not a model, several models', async () => {
    const refusal = (p: string) =>
      findModelJson(p).then(
        () => new ModelFileError(`found a model at ${p}`, p),
        (e: unknown) => e as ModelFileError,
      );
    let error = await refusal(path.join(root, 'nope'));
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.message).toMatch(
      /^No model at ".*nope": it does not exist\. Pass a model's folder or its \.json file\.$/,
    );
    const data = path.join(root, 'data');
    await fs.mkdir(data);
    await fs.writeFile(path.join(data, 'manifest.json'), '{}');
    await fs.writeFile(path.join(data, 'a.png'), 'png');
    error = await refusal(data);
    expect(error.message).toMatch(
      /"[^"]*data" is not a model folder: it holds no model\.json, nor another tfjs/,
    );
    error = await refusal(path.join(data, 'a.png'));
    expect(error.message).toMatch(
      /a\.png" is not a model's \.json file\. Pass the model's folder, or its \.json/,
    );
    const model = small();
    const metadata = createMetadata(model, { classNames });
    const two = path.join(root, 'two');
    await download(model, metadata, two, 'first');
    await download(model, metadata, two, 'second');
    error = await refusal(two);
    expect(error.message).toMatch(
      /holds several models' \.json files \(first\.json, second\.json\) and no model\.json/,
    );
    model.dispose();
  });
});
