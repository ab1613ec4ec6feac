import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  APP_BACKEND_ORDER,
  type AppBackend,
  type BackendAttempt,
  type BackendStarters,
  describeAppBackend,
  runtimeReason,
  startBestBackend,
} from './backend.js';
import { BackendStartError, UsageError } from './errors.js';

const PROBE = path.resolve(import.meta.dirname, '../dist/dawn-probe.js');

/** Starters that record the order they were called in and answer as told. */
function fakeStarters(answers: Partial<Record<AppBackend, BackendAttempt>>) {
  const called: AppBackend[] = [];
  const starters = Object.fromEntries(
    APP_BACKEND_ORDER.map((name) => [
      name,
      async () => {
        called.push(name);
        return answers[name] ?? { ok: false, reason: `${name} is off in this test` };
      },
    ]),
  ) as BackendStarters;
  return { starters, called };
}

describe('startBestBackend (fake backends)', () => {
  it('tries tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu in that order and stops at the first that runs', async () => {
    const { starters, called } = fakeStarters({
      wasm: { ok: true, tfBackend: 'wasm', simd: true, threads: 2 },
    });
    const report = await startBestBackend({ starters, env: {} });
    expect(called).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm']);
    expect(report).toMatchObject({
      backend: 'wasm',
      tfBackend: 'wasm',
      chosenBy: 'fastest available',
      simd: true,
    });
    expect(report.skipped).toEqual([
      { backend: 'tfjs-node-gpu', reason: 'tfjs-node-gpu is off in this test' },
      { backend: 'tfjs-node', reason: 'tfjs-node is off in this test' },
      { backend: 'webgpu', reason: 'webgpu is off in this test' },
    ]);
  });

  it('prefers the GPU routes when they run, and reports the adapter of the webgpu one', async () => {
    const adapter = { vendor: 'nvidia', architecture: 'hopper', device: 'H100', description: '' };
    const first = await startBestBackend({
      env: {},
      starters: fakeStarters({ 'tfjs-node-gpu': { ok: true, tfBackend: 'tensorflow' } }).starters,
    });
    expect(first).toMatchObject({ backend: 'tfjs-node-gpu', tfBackend: 'tensorflow', skipped: [] });
    const webgpu = await startBestBackend({
      env: {},
      starters: fakeStarters({ webgpu: { ok: true, tfBackend: 'webgpu', adapter } }).starters,
    });
    expect(webgpu).toMatchObject({ backend: 'webgpu', adapter });
    expect(describeAppBackend(webgpu)).toMatch(
      /^backend: webgpu on Dawn \(nvidia hopper H100\); skipped tfjs-node-gpu/,
    );
  });

  it('runs only the backend asked for, or fails with its reason', async () => {
    const { starters, called } = fakeStarters({ cpu: { ok: true, tfBackend: 'cpu' } });
    const report = await startBestBackend({ backend: 'cpu', starters, env: {} });
    expect(called).toEqual(['cpu']);
    expect(report).toMatchObject({ backend: 'cpu', chosenBy: 'option', skipped: [] });
    const failing = startBestBackend({ backend: 'webgpu', starters, env: {} });
    await expect(failing).rejects.toThrow(BackendStartError);
    await expect(failing).rejects.toThrow(
      'The webgpu backend was asked for (--backend) but cannot run here: webgpu is off in this test. Leave --backend out',
    );
  });

  it('refuses a name that is not a backend, listing the ones there are', async () => {
    const { starters, called } = fakeStarters({});
    const unknown = startBestBackend({ backend: 'cuda', starters, env: {} });
    await expect(unknown).rejects.toThrow(UsageError);
    await expect(unknown).rejects.toThrow(
      '--backend: "cuda" is not a backend. Use one of: tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu.',
    );
    await expect(startBestBackend({ starters, env: { SHAPES_BACKEND: 'webgl' } })).rejects.toThrow(
      'SHAPES_BACKEND: "webgl" is not a backend.',
    );
    expect(called).toEqual([]);
  });

  it('honours SHAPES_BACKEND, and --backend over it', async () => {
    const { starters, called } = fakeStarters({
      cpu: { ok: true, tfBackend: 'cpu' },
      wasm: { ok: true, tfBackend: 'wasm' },
    });
    const fromEnv = await startBestBackend({ starters, env: { SHAPES_BACKEND: ' cpu ' } });
    expect(fromEnv).toMatchObject({ backend: 'cpu', chosenBy: 'SHAPES_BACKEND' });
    const fromOption = await startBestBackend({ backend: 'wasm', starters, env: { SHAPES_BACKEND: 'cpu' } });
    expect(fromOption).toMatchObject({ backend: 'wasm', chosenBy: 'option' });
    expect(called).toEqual(['cpu', 'wasm']);
    await expect(startBestBackend({ starters, env: { SHAPES_BACKEND: 'tfjs-node' } })).rejects.toThrow(
      'asked for (SHAPES_BACKEND) but cannot run here: tfjs-node is off in this test. Unset SHAPES_BACKEND',
    );
  });

  it('says why when nothing runs at all', async () => {
    await expect(startBestBackend({ starters: fakeStarters({}).starters, env: {} })).rejects.toThrow(
      /^No TensorFlow.js backend could start: tfjs-node-gpu: tfjs-node-gpu is off in this test; .*cpu: cpu is off/,
    );
  });
});

describe('runtimeReason', () => {
  it("takes the reason out of @shapes/runtime's message", () => {
    expect(
      runtimeReason(
        'The tfjs-node-gpu backend was asked for (the backend option) but cannot run here: not installed (npm install @tensorflow/tfjs-node-gpu). Leave the option out to use the fastest backend that runs.',
      ),
    ).toBe('not installed (npm install @tensorflow/tfjs-node-gpu)');
    expect(runtimeReason('something else entirely')).toBe('something else entirely');
  });
});

// The real thing on this machine: no tfjs-node(-gpu) can be installed here or in CI, and Dawn finds no GPU.
describe('startBestBackend (this machine)', () => {
  it('skips tfjs-node-gpu and tfjs-node as not installed, says why webgpu did not run, and starts wasm', async () => {
    const report = await startBestBackend({ env: {}, dawnProbeScript: PROBE });
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.threads).toBeGreaterThanOrEqual(1);
    expect(report.skipped.map((s) => s.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu']);
    expect(report.skipped[0]!.reason).toBe('not installed (npm install @tensorflow/tfjs-node-gpu)');
    expect(report.skipped[1]!.reason).toBe('not installed (npm install @tensorflow/tfjs-node)');
    // Without a GPU the webgpu route ends at the adapter; it must never claim to run.
    expect(report.skipped[2]!.reason).toMatch(
      /^(Dawn found no GPU adapter|Dawn offers only a software adapter)/,
    );
  });

  it('fails with the reason when tfjs-node is asked for and is not installed', async () => {
    await expect(startBestBackend({ backend: 'tfjs-node', env: {} })).rejects.toThrow(
      'The tfjs-node backend was asked for (--backend) but cannot run here: not installed (npm install @tensorflow/tfjs-node). Leave --backend out',
    );
  });

  it('starts cpu when SHAPES_BACKEND asks for it', async () => {
    const report = await startBestBackend({ env: { SHAPES_BACKEND: 'cpu' } });
    expect(report).toMatchObject({ backend: 'cpu', chosenBy: 'SHAPES_BACKEND', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
  });
});
