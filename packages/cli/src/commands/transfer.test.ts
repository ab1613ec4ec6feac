import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TRANSFER_DEFAULTS } from '@shapes/train';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson, tempDir } from '../test/run-cli.js';

/** The bytes of the weight `name` in a saved model folder (tfjs layers format: one weights file). */
function weightBytes(dir: string, name: string): Buffer {
  const { weightsManifest } = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  const data = readFileSync(path.join(dir, 'weights.bin'));
  let offset = 0;
  for (const w of weightsManifest[0].weights as { name: string; shape: number[] }[]) {
    const size = w.shape.reduce((a, b) => a * b, 1) * 4;
    if (w.name === name) return data.subarray(offset, offset + size);
    offset += size;
  }
  throw new Error(`no weight ${name} in ${dir}`);
}

describe('shapes transfer', () => {
  let root: string;
  let base: string;

  beforeAll(async () => {
    root = tempDir();
    base = path.join(root, 'base');
    await runJson(['train', '--out', base, '--per-class', '40', '--outliers', '0', '--epochs', '1', '-q']);
  });

  it('learns new shapes on the base and saves a model that starts from its trained features', async () => {
    const out = path.join(root, 'new');
    const { json } = await runJson([
      'transfer',
      '--from',
      base,
      '--out',
      out,
      '--shapes',
      'star,pentagon',
      '--per-class',
      '3',
      '-q',
    ]);
    expect(json).toMatchObject({
      classNames: ['star', 'pentagon'],
      method: 'transfer',
      freeze: 'features',
      examples: 6,
      // By default the new head also learns that random other shapes are none of its classes.
      outliers: TRANSFER_DEFAULTS.outliers,
    });
    // Frozen, the base's features must be its exact bytes; the new head must not be.
    expect(weightBytes(out, 'block3_conv/kernel').equals(weightBytes(base, 'block3_conv/kernel'))).toBe(true);
    expect(weightBytes(out, 'head_dense/kernel').equals(weightBytes(base, 'head_dense/kernel'))).toBe(false);
    const meta = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')).userDefinedMetadata.shapes;
    expect(meta.classNames).toEqual(['star', 'pentagon']);
    expect(meta.provenance.base).toBe(base);
    // The same transfer workflow and defaults as `shapes demo`, the Node app and the web playground.
    expect(meta.openSet.knownRate).toBe(TRANSFER_DEFAULTS.knownRate);
    expect(meta.openSet.tta).toBe(TRANSFER_DEFAULTS.tta);
  });

  it('builds a few-shot prototype head with --few-shot, which evaluate and predict then use', async () => {
    const out = path.join(root, 'proto');
    const { json } = await runJson([
      'transfer',
      '--from',
      base,
      '--out',
      out,
      '--shapes',
      'star,hexagon',
      '--per-class',
      '4',
      '--few-shot',
      '-q',
    ]);
    expect(json).toMatchObject({ classNames: ['star', 'hexagon'], method: 'prototype', outliers: 0 });
    const data = path.join(root, 'proto-data');
    await runCli(['generate', '--out', data, '--shapes', 'star,hexagon', '--per-class', '3', '-q']);
    const evaluation = await runJson(['evaluate', '--model', out, '--data', data, '-q']);
    expect(Object.keys(evaluation.json.perClass as object)).toEqual(['star', 'hexagon']);
  });

  it('starts from the pretrained base without --from, and predict takes --model pretrained', async () => {
    const out = path.join(root, 'from-pretrained');
    const { json } = await runJson(['transfer', '--out', out, '--per-class', '4', '--few-shot', '-q']);
    expect(json).toMatchObject({ classNames: ['star', 'pentagon', 'hexagon'], method: 'prototype' });
    const { shapes } = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8')).userDefinedMetadata;
    expect(shapes.provenance.base).toBe('the pretrained base of @shapes/models');
    expect(shapes.preprocessing).toEqual({ scale: 'unit', frame: 'ink', normalize: 'ink' });
    const data = path.join(root, 'known-data');
    await runCli(['generate', '--out', data, '--shapes', 'circle,square,triangle', '--per-class', '2', '-q']);
    const predicted = await runJson(['evaluate', '--model', 'pretrained', '--data', data, '-q']);
    expect(predicted.json.accuracy).toBeGreaterThanOrEqual(5 / 6);
  });

  it('fine-tunes more than the head with --freeze none, and compares with scratch with --compare', async () => {
    const { json } = await runJson([
      'transfer',
      '--from',
      base,
      '--out',
      path.join(root, 'ft'),
      '--shapes',
      'star,square',
      '--per-class',
      '2',
      '--freeze',
      'none',
      '--compare',
      '-q',
    ]);
    const methods = (json.comparison as { method: string; shots: number }[]).map(
      (p) => `${p.method}@${p.shots}`,
    );
    expect(methods).toEqual([
      'transfer@1',
      'transfer@2',
      'scratch@1',
      'scratch@2',
      'prototype@1',
      'prototype@2',
    ]);
  });

  it('refuses bad input: not a model, a bad freeze mode, an existing output', async () => {
    const notModel = await runCli(['transfer', '--from', root, '--out', path.join(root, 'x')]);
    expect(isCleanUsageError(notModel)).toBe(true);
    expect(notModel.stderr).toContain('is not a model folder');
    const freeze = await runCli([
      'transfer',
      '--from',
      base,
      '--out',
      path.join(root, 'x'),
      '--freeze',
      'most',
    ]);
    expect(isCleanUsageError(freeze)).toBe(true);
    expect(freeze.stderr).toContain('--freeze must be one of');
    const exists = await runCli(['transfer', '--from', base, '--out', base]);
    expect(isCleanUsageError(exists)).toBe(true);
    const both = await runCli([
      'transfer',
      '--from',
      base,
      '--out',
      path.join(root, 'y'),
      '--few-shot',
      '--freeze',
      'none',
    ]);
    expect(isCleanUsageError(both)).toBe(true);
    const proto = await runCli([
      'transfer',
      '--from',
      base,
      '--out',
      path.join(root, 'z'),
      '--few-shot',
      '--outliers',
      '10',
    ]);
    expect(isCleanUsageError(proto)).toBe(true);
    expect(proto.stderr).toContain('--outliers trains the new head');
    const negative = await runCli([
      'transfer',
      '--from',
      base,
      '--out',
      path.join(root, 'z'),
      '--outliers',
      '-5',
    ]);
    expect(isCleanUsageError(negative)).toBe(true);
    expect(negative.stderr).toContain('--outliers');
  });
});
