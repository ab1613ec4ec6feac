import type { BatchProgress, TrainContext } from '@shapes/train';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const batch = (epoch: number, b: number): BatchProgress => ({
  epoch,
  epochs: 2,
  batch: b,
  batches: 10,
  loss: 0.5,
  batchLoss: 0.5,
  rate: 1e-3,
  seen: (b + 1) * 32,
  size: 320,
  samplesPerSecond: 412.4,
  etaSeconds: 3,
});

describe('createProgress', () => {
  it('stamps every line with the seconds since the start', () => {
    const c = clock();
    const lines: string[] = [];
    const progress = createProgress({ write: (s) => lines.push(s), now: c.now });
    c.advance(12_345);
    progress.line('hello');
    expect(lines).toEqual(['[  12.3 s] hello\n']);
    expect(progress.elapsed()).toBeCloseTo(12.345);
  });

  it('writes a batch line at most every few seconds, with samples/s, and a line per epoch', async () => {
    const c = clock();
    const lines: string[] = [];
    const cb = createProgress({ write: (s) => lines.push(s.trim()), now: c.now, everySeconds: 5 }).training(
      'base',
    );
    const ctx = { epochs: 2 } as TrainContext;
    await cb.onTrainBegin?.(ctx);
    for (let b = 0; b < 10; b++) {
      c.advance(1000);
      await cb.onBatchEnd?.(batch(0, b), ctx);
    }
    await cb.onEpochEnd?.({ epoch: 0, loss: 0.41234, accuracy: 0.875, rate: 1e-3 }, ctx, {
      seconds: 10,
      samplesPerSecond: 32,
    });
    expect(lines).toEqual([
      '[   5.0 s] base: epoch 1/2 batch 5/10, loss 0.5000, 412 samples/s',
      '[  10.0 s] base: epoch 1/2 batch 10/10, loss 0.5000, 412 samples/s',
      '[  10.0 s] base: epoch 1/2 done in 10.0 s, loss 0.4123, accuracy 87.5%, 32 samples/s',
    ]);
  });

  it('sums runs of many short epochs into one closing line', async () => {
    const lines: string[] = [];
    const cb = createProgress({ write: (s) => lines.push(s.trim()), now: () => 0 }).training('head');
    const ctx = { epochs: 100 } as TrainContext;
    await cb.onTrainBegin?.(ctx);
    for (let e = 0; e < 100; e++) {
      await cb.onEpochEnd?.({ epoch: e, loss: 0.1, rate: 1e-2 }, ctx, {
        seconds: 0.01,
        samplesPerSecond: 50_000,
      });
    }
    const history = Array.from({ length: 100 }, (_, e) => ({ epoch: e, loss: 0.1, rate: 1e-2 }));
    await cb.onTrainEnd?.({ history, stoppedEarly: false }, ctx);
    expect(lines).toEqual(['[   0.0 s] head: 100 epochs, 50000 samples in 1.0 s, 50000 samples/s']);
  });
});
