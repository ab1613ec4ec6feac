import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson, tempDir } from '../test/run-cli.js';

// Short runs without peers: these check the command, not the numbers (which `shapes bench` itself reports).
describe('shapes bench', () => {
  it('bench data --json gives { preset, imagesPerSec, peer }', async () => {
    const { json } = await runJson([
      'bench',
      'data',
      '--per-class',
      '200',
      '--workers',
      '1',
      '--no-peer',
      '-q',
    ]);
    expect(json).toMatchObject({ preset: 'default', images: 600 });
    expect(json.imagesPerSec).toBeGreaterThan(0);
    expect(json.peer).toHaveProperty('unavailable');
  });

  it('bench train --json gives { backend, arch, trainSamplesPerSec, inferSamplesPerSec, peer }', async () => {
    const { json } = await runJson(['bench', 'train', '--seconds', '0.2', '--batch', '8', '--no-peer', '-q']);
    expect(json).toMatchObject({ backend: 'wasm', arch: 'default', batch: 8 });
    expect(json.trainSamplesPerSec).toBeGreaterThan(0);
    expect(json.inferSamplesPerSec).toBeGreaterThan(0);
    expect(json.peer).toEqual({ unavailable: expect.any(String) });
  });

  it('bench infer measures a saved model', async () => {
    const root = tempDir();
    const model = path.join(root, 'm');
    await runJson(['train', '--out', model, '--per-class', '20', '--outliers', '0', '--epochs', '1', '-q']);
    const { json } = await runJson([
      'bench',
      'infer',
      '--model',
      model,
      '--seconds',
      '0.2',
      '--no-peer',
      '-q',
    ]);
    expect(json).toMatchObject({ backend: 'wasm', input: '64x64x1' });
    expect(json.inferSamplesPerSec).toBeGreaterThan(0);
  });

  it('refuses bad options with exit 2 and no stack trace', async () => {
    for (const args of [
      ['data', '--per-class', '-1'],
      ['data', '--preset', 'photo'],
      ['train', '--arch', 'resnet'],
      ['train', '--seconds', '0'],
      ['infer', '--model', tempDir()],
      ['fly'],
    ]) {
      const run = await runCli(['bench', ...args]);
      expect(isCleanUsageError(run), `${args.join(' ')}: ${run.stderr}`).toBe(true);
    }
  });
});
