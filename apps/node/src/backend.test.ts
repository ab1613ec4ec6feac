import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKENDS, startBackend } from './backend.js';

// The app's ladder is @shapes/runtime's, with the Dawn route; the runtime's tests cover each rung with fakes. Here:
// the real thing on this machine, where no tfjs-node(-gpu) can be installed and Dawn finds no GPU.
describe('startBackend (this machine)', () => {
  it('tries tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu, says why each skipped one did not run, and starts wasm', async () => {
    expect(BACKENDS).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu', 'wasm', 'cpu']);
    const report = await startBackend();
    expect(report.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.threads).toBeGreaterThanOrEqual(1);
    expect(report.skipped.map((s) => s.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu']);
    // Imported from this app's folder, where the README installs them.
    expect(report.skipped[0]!.reason).toBe('not installed (npm install @tensorflow/tfjs-node-gpu)');
    expect(report.skipped[1]!.reason).toBe('not installed (npm install @tensorflow/tfjs-node)');
    // Without a GPU the webgpu route ends at the adapter; it must never claim to run.
    expect(report.skipped[2]!.reason).toMatch(
      /^(Dawn found no GPU adapter|Dawn offers only a software adapter)/,
    );
  });

  it('fails with the reason, in the words of the command line, when tfjs-node is asked for and is not installed', async () => {
    await expect(startBackend('tfjs-node')).rejects.toThrow(
      'The tfjs-node backend was asked for (--backend) but cannot run here: not installed (npm install @tensorflow/tfjs-node). Leave --backend out',
    );
  });
});
