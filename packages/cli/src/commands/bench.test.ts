import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
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

  it('bench train --backend webgpu runs on Dawn, or exits 2 with the reason and no stack trace', async () => {
    const help = await runCli(['bench', 'train', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      'choices: "tfjs-node-gpu", "tfjs-node", "webgpu", "wasm", "cpu"',
    );
    const args = [
      'bench',
      'train',
      '--backend',
      'webgpu',
      '--seconds',
      '0.2',
      '--batch',
      '8',
      '--no-peer',
      '--json',
    ];
    const here = await runCli(args);
    if (here.code === 0) {
      // A machine whose GPU Dawn drives: it trained there.
      expect(JSON.parse(here.stdout)).toMatchObject({ backend: 'webgpu', adapter: expect.any(Object) });
    } else {
      expect(isCleanUsageError(here), here.stderr).toBe(true);
      expect(here.stderr).toContain('The webgpu backend was asked for (--backend) but cannot run here');
    }
    // Without the optional `webgpu` package (hidden from the CLI and from the Dawn probe's child).
    const hide = fileURLToPath(new URL('../test/hide-webgpu.mjs', import.meta.url));
    const absent = await runCli(args, { env: { NODE_OPTIONS: `--import=${hide}` } });
    expect(isCleanUsageError(absent), absent.stderr).toBe(true);
    expect(absent.stderr).toContain('cannot run here: not installed (npm install webgpu)');
  });

  it('refuses bad options with exit 2 and no stack trace', async () => {
    for (const args of [
      ['data', '--per-class', '-1'],
      ['data', '--preset', 'photo'],
      ['train', '--arch', 'resnet'],
      ['train', '--backend', 'webgl'],
      ['train', '--seconds', '0'],
      ['infer', '--model', tempDir()],
      ['fly'],
    ]) {
      const run = await runCli(['bench', ...args]);
      expect(isCleanUsageError(run), `${args.join(' ')}: ${run.stderr}`).toBe(true);
    }
  });
});
