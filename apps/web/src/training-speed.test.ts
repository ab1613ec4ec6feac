import type { BatchProgress } from '@shapes/train';
import { describe, expect, it } from 'vitest';
import { TrainingSpeed, trainingSpeedText } from './training-speed.js';

const batch = (epoch: number, seen: number, samplesPerSecond: number): BatchProgress => ({
  epoch,
  epochs: 2,
  batch: 0,
  batches: 2,
  loss: 1,
  batchLoss: 1,
  batchAccuracy: 0.5,
  rate: 1e-3,
  seen,
  size: 64,
  samplesPerSecond,
  etaSeconds: 1,
});

describe('TrainingSpeed', () => {
  it("gives every epoch's images over the seconds their batches took", async () => {
    const speed = new TrainingSpeed();
    expect(speed.samplesPerSecond).toBe(0);
    const ctx = {} as never;
    // Epoch 0: 64 images in 1 s (its first batch, 32 in 0.8 s, is replaced by its last); epoch 1: 64 in 0.25 s.
    await speed.callback.onBatchEnd?.(batch(0, 32, 40), ctx);
    await speed.callback.onBatchEnd?.(batch(0, 64, 64), ctx);
    await speed.callback.onBatchEnd?.(batch(1, 64, 256), ctx);
    expect(speed.samples).toBe(128);
    expect(speed.samplesPerSecond).toBeCloseTo(128 / 1.25);
  });

  it('names the backend as the page shows it', () => {
    expect(trainingSpeedText(449.6, { backend: 'wasm', simd: true, threads: 2 })).toBe(
      'training on wasm (SIMD on, 2 threads): 450 samples/s',
    );
    expect(trainingSpeedText(1200, { backend: 'webgl', simd: null, threads: null })).toBe(
      'training on webgl: 1200 samples/s',
    );
  });
});
