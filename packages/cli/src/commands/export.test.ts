import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadPretrainedBase, type ModelMetadata, modelFiles } from '@shapes/models';
import { loadModelFromDir, saveModelToDir } from '@shapes/models/node';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson, tempDir } from '../test/run-cli.js';

interface Answer {
  file: string;
  label: string;
  probabilities: Record<string, number>;
}

/** Writes what the playground's Download writes (see `modelFiles`): `shapes-model.json` and its weights file. */
async function download(model: tfl.LayersModel, metadata: ModelMetadata, dir: string): Promise<void> {
  const files = await modelFiles(model, metadata, { name: 'shapes-model' });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, files.names.modelJson), JSON.stringify(files.modelJson));
  writeFileSync(path.join(dir, files.names.weights), new Uint8Array(files.weights));
}

const top = (p: Record<string, number>) => Object.entries(p).sort((a, b) => b[1] - a[1])[0]![0];

describe('models in and out of the CLI: downloads, Teachable Machine', () => {
  let root: string;
  let base: string;
  let data: string;
  let files: string[];

  beforeAll(async () => {
    root = tempDir();
    // The pretrained base without its framing, which no tfjs layer can do, nor its test-time augmentation: its
    // export must answer exactly as it does.
    base = path.join(root, 'base');
    const pretrained = await loadPretrainedBase();
    await saveModelToDir(pretrained.model, base, {
      ...pretrained.metadata,
      preprocessing: { scale: 'unit' },
      openSet: { ...pretrained.metadata.openSet!, tta: false },
    });
    pretrained.model.dispose();
    data = path.join(root, 'data');
    await runCli(['generate', '--out', data, '--per-class', '4', '--seed', '3', '--no-sheet', '-q']);
    files = ['circle', 'square', 'triangle'].flatMap((c) =>
      [0, 1].map((i) => path.join(data, c, `${i}.png`)),
    );
  });

  it("exports Teachable Machine's three files, which predict and evaluate take as the model itself", async () => {
    const tm = path.join(root, 'tm');
    const exported = await runJson(['export', '--model', base, '--out', tm, '--image-size', '64']);
    expect(exported.json).toMatchObject({
      dir: tm,
      format: 'teachable-machine',
      files: ['model.json', 'weights.bin', 'metadata.json'],
      labels: ['circle', 'square', 'triangle'],
      imageSize: 64,
    });
    // Teachable Machine never answers "unknown": the command says the base's rule stays behind.
    expect(exported.stderr).toContain('always answers one of its labels');
    expect(readdirSync(tm).sort()).toEqual(['metadata.json', 'model.json', 'weights.bin']);
    const metadata = JSON.parse(readFileSync(path.join(tm, 'metadata.json'), 'utf8'));
    expect(metadata).toMatchObject({ packageName: '@teachablemachine/image', labels: exported.json.labels });
    const modelJson = JSON.parse(readFileSync(path.join(tm, 'model.json'), 'utf8'));
    expect(modelJson.userDefinedMetadata).toBeUndefined();

    const ours = await runJson<{ predictions: Answer[] }>(['predict', '--model', base, ...files, '-q']);
    const theirs = await runJson<{ predictions: Answer[] }>(['predict', '--model', tm, ...files, '-q']);
    for (const [i, p] of theirs.json.predictions.entries()) {
      const want = ours.json.predictions[i]!.probabilities;
      expect(Object.keys(p.probabilities)).toEqual(['circle', 'square', 'triangle']);
      expect(p.label).toBe(top(want));
      for (const [name, v] of Object.entries(p.probabilities)) expect(v).toBeCloseTo(want[name]!, 4);
    }
    const evaluated = await runJson<{ accuracy: number; total: number }>([
      'evaluate',
      '--model',
      tm,
      '--data',
      data,
      '-q',
    ]);
    const reference = await runJson<{ accuracy: number }>([
      'evaluate',
      '--model',
      base,
      '--data',
      data,
      '-q',
    ]);
    expect(evaluated.json.accuracy).toBe(reference.json.accuracy);
  });

  it('transfers from a Teachable Machine model, and exports at 224 pixels by default', async () => {
    const tm = path.join(root, 'tm-224');
    const exported = await runJson(['export', '--model', base, '--out', tm, '--name', 'shapes-base']);
    expect(exported.json).toMatchObject({ imageSize: 224 });
    expect(JSON.parse(readFileSync(path.join(tm, 'metadata.json'), 'utf8')).modelName).toBe('shapes-base');
    // 64-pixel images upsampled to 224, then averaged back inside the model: the same classes.
    const ours = await runJson<{ predictions: Answer[] }>(['predict', '--model', base, ...files, '-q']);
    const theirs = await runJson<{ predictions: Answer[] }>(['predict', '--model', tm, ...files, '-q']);
    expect(theirs.json.predictions.map((p) => p.label)).toEqual(
      ours.json.predictions.map((p) => top(p.probabilities)),
    );
    const moved = path.join(root, 'from-tm');
    const small = path.join(root, 'tm-64');
    await runJson(['export', '--model', base, '--out', small, '--image-size', '64', '-q']);
    const { json } = await runJson([
      'transfer',
      '--from',
      small,
      '--out',
      moved,
      '--shapes',
      'star,pentagon',
      '--per-class',
      '3',
      '--no-tta',
      '-q',
    ]);
    expect(json).toMatchObject({ classNames: ['star', 'pentagon'] });
    const meta = JSON.parse(readFileSync(path.join(moved, 'model.json'), 'utf8')).userDefinedMetadata.shapes;
    expect(meta).toMatchObject({ architecture: 'teachable-machine', inputSize: 64, channels: 3 });
  });

  it("loads the playground's download by its .json file or its folder, few-shot models with their own classes", async () => {
    const downloads = path.join(root, 'Downloads');
    const loaded = await loadModelFromDir(base);
    await download(loaded.model, loaded.metadata, downloads);
    const ours = await runJson<{ predictions: Answer[] }>(['predict', '--model', base, ...files, '-q']);
    for (const model of [downloads, path.join(downloads, 'shapes-model.json')]) {
      const got = await runJson<{ predictions: Answer[] }>(['predict', '--model', model, ...files, '-q']);
      expect(got.json.predictions).toEqual(ours.json.predictions.map((p) => ({ ...p })));
    }
    loaded.model.dispose();

    const fewShot = path.join(root, 'few-shot');
    await runJson(['transfer', '--out', fewShot, '--per-class', '4', '--few-shot', '-q']);
    const few = await loadModelFromDir(fewShot);
    const fewDownload = path.join(root, 'Downloads-few');
    await download(few.model, few.metadata, fewDownload);
    few.model.dispose();
    const want = await runJson<{ predictions: Answer[] }>(['predict', '--model', fewShot, ...files, '-q']);
    const got = await runJson<{ predictions: Answer[] }>([
      'predict',
      '--model',
      path.join(fewDownload, 'shapes-model.json'),
      ...files,
      '-q',
    ]);
    expect(Object.keys(got.json.predictions[0]!.probabilities)).toEqual(['star', 'pentagon', 'hexagon']);
    expect(got.json.predictions.map((p) => p.label)).toEqual(want.json.predictions.map((p) => p.label));
    // Exported, the few-shot model keeps its classes: its prototype head becomes layers.
    const tm = path.join(root, 'tm-few');
    const exported = await runJson(['export', '--model', fewShot, '--out', tm, '--image-size', '64']);
    expect(exported.json).toMatchObject({ labels: ['star', 'pentagon', 'hexagon'] });
    expect(exported.stderr).toContain('frames each image');
  });

  it('refuses bad input with a message and exit 2: no model, an unknown format, a size it cannot resize', async () => {
    const missing = await runCli([
      'export',
      '--model',
      path.join(root, 'nope'),
      '--out',
      path.join(root, 'x'),
    ]);
    expect(isCleanUsageError(missing)).toBe(true);
    expect(missing.stderr).toContain('does not exist');
    const notModel = await runCli(['export', '--model', data, '--out', path.join(root, 'x')]);
    expect(isCleanUsageError(notModel)).toBe(true);
    expect(notModel.stderr).toContain('is not a model folder');
    const format = await runCli([
      'export',
      '--model',
      base,
      '--out',
      path.join(root, 'x'),
      '--format',
      'onnx',
    ]);
    expect(isCleanUsageError(format)).toBe(true);
    expect(format.stderr).toContain('--format must be one of teachable-machine');
    const size = await runCli([
      'export',
      '--model',
      base,
      '--out',
      path.join(root, 'x'),
      '--image-size',
      '100',
    ]);
    expect(isCleanUsageError(size)).toBe(true);
    expect(size.stderr).toContain('cannot be resized to the model');
    const exists = await runCli(['export', '--model', base, '--out', base]);
    expect(isCleanUsageError(exists)).toBe(true);
    expect(exists.stderr).toContain('already exists');
    const two = path.join(root, 'two');
    mkdirSync(two);
    for (const name of ['a', 'b']) {
      writeFileSync(
        path.join(two, `${name}.json`),
        JSON.stringify({ modelTopology: {}, weightsManifest: [] }),
      );
    }
    const several = await runCli(['predict', '--model', two, files[0]!]);
    expect(isCleanUsageError(several)).toBe(true);
    expect(several.stderr).toContain("holds several models' .json files (a.json, b.json)");
  });
});
