import { describe, expect, it } from 'vitest';
import type { BatchProgress, TrainContext } from './callback.js';
import { formatBatch, formatEpoch, formatSeconds, progressLog } from './progress-log.js';

const progress = (batch: number): BatchProgress => ({
  epoch: 1,
  epochs: 10,
  batch,
  batches: 20,
  loss: 0.43214,
  batchLoss: 0.4,
  batchAccuracy: 0.875,
  rate: 0.001,
  seen: (batch + 1) * 32,
  size: 640,
  samplesPerSecond: 312.4,
  etaSeconds: 65,
});

describe('progressLog', () => {
  it('formats batches, epochs and durations for people', () => {
    expect(formatBatch(progress(13))).toBe('epoch 2/10 batch 14/20 loss 0.4321 | 312 samples/s, 1m05s left');
    expect(
      formatEpoch(
        { epoch: 1, loss: 0.43214, accuracy: 0.87, valLoss: 0.5, valAccuracy: 0.82, rate: 0.001 },
        10,
        { seconds: 12.34, samplesPerSecond: 312.4 },
      ),
    ).toBe(
      'epoch 2/10 loss 0.4321 acc 0.8700 val_loss 0.5000 val_acc 0.8200 rate 0.00100 | 12.3 s, 312 samples/s',
    );
    expect([42, 185, 3720, Number.POSITIVE_INFINITY].map(formatSeconds)).toEqual([
      '42s',
      '3m05s',
      '1h02m',
      '?',
    ]);
  });

  it('writes at most one batch line per interval, always the last batch and every epoch', () => {
    const lines: string[] = [];
    const log = progressLog({ write: (line) => lines.push(line), everySeconds: 3600 });
    const ctx = { epochs: 10 } as TrainContext;
    for (let b = 0; b < 20; b++) log.onBatchEnd?.(progress(b), ctx);
    log.onEpochEnd?.({ epoch: 1, loss: 0.4, rate: 0.001 }, ctx, { seconds: 1, samplesPerSecond: 640 });
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^epoch 2\/10 batch 1\/20/);
    expect(lines[1]).toMatch(/^epoch 2\/10 batch 20\/20/);
    expect(lines[2]).toMatch(/^epoch 2\/10 loss 0.4000 rate/);
  });

  it('sums a fit of many short epochs into one closing line', () => {
    const lines: string[] = [];
    const log = progressLog({ write: (line) => lines.push(line), everySeconds: 3600, epochLinesUpTo: 10 });
    const ctx = { epochs: 100 } as TrainContext;
    log.onTrainBegin?.(ctx);
    for (let e = 0; e < 100; e++) {
      log.onBatchEnd?.({ ...progress(0), epoch: e, epochs: 100, batches: 1 }, ctx);
      log.onEpochEnd?.({ epoch: e, loss: 0.1, rate: 0.01 }, ctx, { seconds: 0.01, samplesPerSecond: 50_000 });
    }
    const history = Array.from({ length: 100 }, (_, e) => ({ epoch: e, loss: 0.1, rate: 0.01 }));
    log.onTrainEnd?.({ history, stoppedEarly: false }, ctx);
    expect(lines).toEqual([
      'epoch 1/100 batch 1/1 loss 0.4321 | 312 samples/s, 1m05s left',
      '100 epochs, 50000 samples in 1.0 s, 50000 samples/s',
    ]);
  });
});
