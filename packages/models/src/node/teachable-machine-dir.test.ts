import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDefaultCnn } from '../architectures/default-cnn.js';
import { classifierOf } from '../classifier.js';
import { InvalidModelError } from '../errors/invalid-model-error.js';
import { ModelExistsError } from '../errors/model-exists-error.js';
import { ModelFileError } from '../errors/model-file-error.js';
import { createMetadata } from '../metadata.js';
import { teachableMachineLike, teachableMachineMetadata } from '../teachable-machine/test-tm-model.js';
import { fileSystemHandler } from './file-system-handler.js';
import { loadTeachableMachineFromDir, saveTeachableMachineToDir } from './teachable-machine-dir.js';

let root: string;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-tm-dir-'));
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const classNames = ['circle', 'square', 'triangle'];

describe('saveTeachableMachineToDir / loadTeachableMachineFromDir', () => {
  it("writes Teachable Machine's three files, which load back with the model's classes and answers", async () => {
    const model = createDefaultCnn({ classes: 3, inputSize: 16, seed: 4 });
    const metadata = createMetadata(model, { classNames });
    const dir = path.join(root, 'export');
    const saved = await saveTeachableMachineToDir(model, metadata, dir, {
      imageSize: 32,
      modelName: 'shapes',
    });
    expect((await fs.readdir(dir)).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const written = JSON.parse(await fs.readFile(path.join(dir, 'metadata.json'), 'utf8'));
    expect(written).toEqual(saved.metadata);
    expect(written).toMatchObject({ labels: classNames, imageSize: 32, modelName: 'shapes' });
    const modelJson = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(modelJson.userDefinedMetadata).toBeUndefined();
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);

    const loaded = await loadTeachableMachineFromDir(dir);
    expect(loaded.metadata.classNames).toEqual(classNames);
    // Gray pixels, each 2x2 at the exported size: the same image the model sees at its own size.
    const gray = new Uint8Array(3 * 256).map((_, i) => (i * 53) % 256);
    const rgb = tf.tidy(() =>
      tf.tile(tf.image.resizeNearestNeighbor(tf.tensor4d(gray, [3, 16, 16, 1]), [32, 32]), [1, 1, 1, 3]),
    );
    const want = classifierOf(model, metadata).predict({ images: gray, shape: [3, 16, 16, 1] });
    const got = classifierOf(loaded.model, loaded.metadata).predict({
      images: Uint8Array.from(rgb.dataSync()),
      shape: [3, 32, 32, 3],
    });
    got.forEach((p, i) => {
      expect(p.label).toBe(want[i]!.label);
      expect(p.confidence).toBeCloseTo(want[i]!.confidence, 5);
    });
    rgb.dispose();
    loaded.model.dispose();

    const again = await saveTeachableMachineToDir(model, metadata, dir).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ModelExistsError);
    expect((again as Error).message).toMatch(/already exists .* Pass \{ overwrite: true \}/);
    await saveTeachableMachineToDir(model, metadata, dir, { overwrite: true });
    model.dispose();
  });

  it("loads Teachable Machine's own layout of nested models", async () => {
    const tm = teachableMachineLike(2, 24);
    const dir = path.join(root, 'my_model');
    await tm.save(fileSystemHandler(dir));
    await fs.writeFile(
      path.join(dir, 'metadata.json'),
      JSON.stringify(teachableMachineMetadata(['a', 'b'], 24)),
    );
    const loaded = await loadTeachableMachineFromDir(dir);
    expect(loaded.metadata).toMatchObject({ classNames: ['a', 'b'], inputSize: 24, channels: 3 });
    loaded.model.dispose();
    tm.dispose();
  });

  it('names the metadata.json at fault', async () => {
    const tm = teachableMachineLike(2, 16);
    const dir = path.join(root, 'broken');
    await tm.save(fileSystemHandler(dir));
    let error = await loadTeachableMachineFromDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFileError);
    expect((error as Error).message).toMatch(
      /metadata\.json" cannot be read .* needs the metadata\.json of its export/,
    );
    await fs.writeFile(path.join(dir, 'metadata.json'), '{"labels": [');
    error = await loadTeachableMachineFromDir(dir).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/metadata\.json" is not valid JSON/);
    await fs.writeFile(
      path.join(dir, 'metadata.json'),
      JSON.stringify({ labels: ['only one'], imageSize: 16 }),
    );
    error = await loadTeachableMachineFromDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidModelError);
    expect((error as Error).message).toMatch(/names 1 labels \(only one\) but the model has 2 outputs/);
    tm.dispose();
  });
});
