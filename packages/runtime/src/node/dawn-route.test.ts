import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { describeBackend } from '../describe-backend.js';
import { selectBackend } from '../select-backend.js';
import { dawnWebgpu } from './dawn-route.js';

afterEach(() => {
  delete process.env.SHAPES_BACKEND;
});

// The real route on this machine: the `webgpu` package is installed (a dev dependency), and Dawn finds no GPU.
describe('selectBackend with the Dawn route (this machine)', () => {
  it('tries webgpu between tfjs-node and wasm, says why it did not run, and starts wasm', async () => {
    const report = await selectBackend({ routes: { webgpu: dawnWebgpu() } });
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.skipped.map((s) => s.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu']);
    // Without a GPU the route ends at the adapter; it must never claim to run.
    expect(report.skipped[2]!.reason).toMatch(
      /^(Dawn found no GPU adapter|Dawn offers only a software adapter)/,
    );
    expect(describeBackend(report)).toMatch(/; skipped .*, webgpu \(Dawn found no GPU adapter/);
  });

  it('fails with the reason when webgpu is asked for and cannot run, naming the option as the caller does', async () => {
    const asked = selectBackend({
      backend: 'webgpu',
      optionName: '--backend',
      routes: { webgpu: dawnWebgpu() },
    });
    await expect(asked).rejects.toThrow(
      /^The webgpu backend was asked for \(--backend\) but cannot run here: Dawn found no GPU adapter .* Leave --backend out to use the fastest backend that runs\.$/,
    );
  });

  it('says where webgpu runs when it is asked for in Node without the route', async () => {
    process.env.SHAPES_BACKEND = 'webgpu';
    await expect(selectBackend()).rejects.toThrow(
      "cannot run here: runs in browsers, and in Node through @shapes/runtime/node's dawnWebgpu route. Unset SHAPES_BACKEND",
    );
  });
});
