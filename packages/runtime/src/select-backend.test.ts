import { availableParallelism } from 'node:os';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBackend } from './describe-backend.js';
import { BackendUnavailableError } from './errors/backend-unavailable-error.js';
import { backendOrder, selectBackend } from './select-backend.js';

afterEach(() => {
  delete process.env.SHAPES_BACKEND;
});

describe('selectBackend in Node', () => {
  it('skips the native backends that are not installed, runs wasm with SIMD, and says so', async () => {
    const report = await selectBackend();
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.platform).toBe('node');
    expect(report.chosenBy).toBe('fastest available');
    expect(report.skipped.map((s) => s.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(report.skipped[0]?.reason).toMatch(/not installed \(npm install @tensorflow\/tfjs-node-gpu\)/);
    expect(report.simd).toBe(true);
    // One thread per core (tfjs's pool holds at most 8): the threaded build runs in Node.
    expect(report.threads).toBe(Math.min(availableParallelism(), 8));
    expect(describeBackend(report)).toMatch(
      /^backend: wasm \(SIMD on, \d+ threads?\); skipped tfjs-node-gpu \(not installed .*\), tfjs-node \(not installed .*\)$/,
    );
  });

  it('registers the training kernels when it picks wasm', async () => {
    await selectBackend({ backend: 'wasm' });
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('takes an override from the option, then from SHAPES_BACKEND', async () => {
    const byOption = await selectBackend({ backend: 'cpu' });
    expect([byOption.backend, byOption.chosenBy, tf.getBackend()]).toEqual(['cpu', 'option', 'cpu']);
    expect(byOption.simd).toBeNull();
    process.env.SHAPES_BACKEND = 'wasm';
    const byEnv = await selectBackend();
    expect([byEnv.backend, byEnv.chosenBy]).toEqual(['wasm', 'SHAPES_BACKEND']);
    expect(describeBackend(byEnv)).toMatch(/chosen by SHAPES_BACKEND/);
  });

  it('explains an override that cannot run, and an unknown name', async () => {
    await expect(selectBackend({ backend: 'tfjs-node' })).rejects.toThrow(
      /tfjs-node backend was asked for \(the backend option\) but cannot run here: not installed/,
    );
    await expect(selectBackend({ backend: 'webgl' })).rejects.toThrow(/browsers only/);
    process.env.SHAPES_BACKEND = 'gpu';
    const error = await selectBackend().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnavailableError);
    expect((error as Error).name).toBe('BackendUnavailableError');
    expect((error as Error).message).toMatch(/SHAPES_BACKEND is "gpu".*tfjs-node-gpu, tfjs-node, wasm, cpu/);
  });
});

describe('selectBackend with routes and imports', () => {
  const adapter = { vendor: 'nvidia', architecture: 'hopper', device: 'H100', description: '' };
  const onCpu =
    (extra = {}) =>
    async () => {
      await tf.setBackend('cpu');
      return { ok: true as const, tfName: 'cpu', ...extra };
    };

  it("tries a route at its name's place, fastest first, and reports the GPU it found", async () => {
    expect(backendOrder('node', { webgpu: onCpu() })).toEqual([
      'tfjs-node-gpu',
      'tfjs-node',
      'webgpu',
      'wasm',
      'cpu',
    ]);
    expect(backendOrder('node')).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
    const report = await selectBackend({ routes: { webgpu: onCpu({ adapter }) } });
    expect(report).toMatchObject({ backend: 'webgpu', tfBackend: 'cpu', adapter, simd: null });
    expect(report.skipped.map((s) => s.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
    expect(describeBackend(report)).toMatch(
      /^backend: webgpu on Dawn \(nvidia hopper H100\); skipped tfjs-node-gpu/,
    );
  });

  it("a route replaces the package's own loader, and its reason is reported when it cannot run", async () => {
    const report = await selectBackend({
      routes: { 'tfjs-node': async () => ({ ok: false, reason: 'off in this test' }) },
    });
    expect(report.skipped).toContainEqual({ backend: 'tfjs-node', reason: 'off in this test' });
    await expect(
      selectBackend({ backend: 'cuda', optionName: '--backend', routes: { webgpu: onCpu() } }),
    ).rejects.toThrow(
      '--backend is "cuda", which is not a backend. Use one of: tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu.',
    );
  });

  it("imports optional packages the caller's way, and drops a half-registered tensorflow backend", async () => {
    const missing = Object.assign(new Error("Cannot find package '@tensorflow/tfjs-node'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const halfLoaded = async () => {
      tf.registerBackend('tensorflow', () => new MathBackendCPU());
      throw new Error('libtensorflow.so.2: cannot open shared object file');
    };
    const report = await selectBackend({
      imports: { 'tfjs-node-gpu': halfLoaded, 'tfjs-node': () => Promise.reject(missing) },
    });
    expect(report.skipped).toEqual([
      {
        backend: 'tfjs-node-gpu',
        reason: 'installed, but it failed to load: libtensorflow.so.2: cannot open shared object file',
      },
      { backend: 'tfjs-node', reason: 'not installed (npm install @tensorflow/tfjs-node)' },
    ]);
    expect(tf.findBackendFactory('tensorflow')).toBeNull();
  });
});
