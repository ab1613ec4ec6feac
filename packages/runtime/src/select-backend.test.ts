import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBackend } from './describe-backend.js';
import { BackendUnavailableError } from './errors/backend-unavailable-error.js';
import { selectBackend } from './select-backend.js';

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
