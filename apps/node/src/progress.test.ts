import type { TrainContext } from '@shapes/train';
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('createProgress', () => {
  it('stamps every line with the seconds since the start', () => {
    const c = clock();
    const lines: string[] = [];
    const progress = createProgress((s) => lines.push(s), c.now);
    c.advance(12_345);
    progress.line('hello');
    expect(lines).toEqual(['[  12.3 s] hello\n']);
    expect(progress.elapsed()).toBeCloseTo(12.345);
  });

  it("labels @shapes/train's progress lines, and sums fits of many short epochs into one", async () => {
    const lines: string[] = [];
    const progress = createProgress(
      (s) => lines.push(s.trim()),
      () => 0,
    );
    const few = { epochs: 2 } as TrainContext;
    progress.training('base').onEpochEnd?.({ epoch: 0, loss: 0.41234, accuracy: 0.875, rate: 1e-3 }, few, {
      seconds: 10,
      samplesPerSecond: 32,
    });
    const head = progress.training('head');
    const many = { epochs: 100 } as TrainContext;
    await head.onTrainBegin?.(many);
    for (let e = 0; e < 100; e++) {
      await head.onEpochEnd?.({ epoch: e, loss: 0.1, rate: 1e-2 }, many, {
        seconds: 0.01,
        samplesPerSecond: 50_000,
      });
    }
    const history = Array.from({ length: 100 }, (_, e) => ({ epoch: e, loss: 0.1, rate: 1e-2 }));
    await head.onTrainEnd?.({ history, stoppedEarly: false }, many);
    expect(lines).toEqual([
      '[   0.0 s] base: epoch 1/2 loss 0.4123 acc 0.8750 rate 0.00100 | 10.0 s, 32 samples/s',
      '[   0.0 s] head: 100 epochs, 50000 samples in 1.0 s, 50000 samples/s',
    ]);
  });
});
