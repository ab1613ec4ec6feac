import { describe, expect, it } from 'vitest';
import { constantRate, cosineDecay, reduceOnPlateau, stepDecay } from './lr-schedule.js';
import type { EpochLogs } from './types.js';

function history(values: readonly number[], key: 'loss' | 'valLoss' = 'valLoss'): EpochLogs[] {
  return values.map((value, epoch) => ({ epoch, loss: 1, rate: 0.1, [key]: value }));
}

describe('constantRate', () => {
  it('returns the same rate for every epoch', () => {
    const schedule = constantRate(0.01);
    expect(schedule.rate(0, [])).toBe(0.01);
    expect(schedule.rate(99, history([1, 2]))).toBe(0.01);
  });

  it('rejects rates that are not finite and positive, and bad epochs', () => {
    expect(() => constantRate(0)).toThrow(/rate must be a finite number > 0, got 0/);
    expect(() => constantRate(Number.NaN)).toThrow(/rate must be/);
    expect(() => constantRate(Number.POSITIVE_INFINITY)).toThrow(/rate must be/);
    expect(() => constantRate(0.1).rate(-1, [])).toThrow(/epoch must be a finite number >= 0, got -1/);
    expect(() => constantRate(0.1).rate(Number.NaN, [])).toThrow(/epoch must be/);
  });
});

describe('stepDecay', () => {
  it('multiplies by factor every `every` epochs', () => {
    const schedule = stepDecay({ initial: 0.1, factor: 0.5, every: 3 });
    expect([0, 1, 2, 3, 5, 6, 9].map((e) => schedule.rate(e, []))).toEqual([
      0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.0125,
    ]);
  });

  it('changes only at whole epochs when asked within one', () => {
    const schedule = stepDecay({ initial: 0.1, factor: 0.5, every: 1 });
    expect([0.5, 0.99, 1, 1.5].map((e) => schedule.rate(e, []))).toEqual([0.1, 0.1, 0.05, 0.05]);
  });

  it('validates its options', () => {
    expect(() => stepDecay({ initial: 0.1, factor: 1, every: 3 })).toThrow(/factor must be in \(0, 1\)/);
    expect(() => stepDecay({ initial: 0.1, factor: 0, every: 3 })).toThrow(/factor/);
    expect(() => stepDecay({ initial: 0.1, factor: 0.5, every: 0 })).toThrow(/every must be an integer >= 1/);
    expect(() => stepDecay({ initial: -1, factor: 0.5, every: 1 })).toThrow(/initial must be/);
  });
});

describe('cosineDecay', () => {
  it('falls along half a cosine from initial to 0 at `epochs`', () => {
    const schedule = cosineDecay({ initial: 1, epochs: 10 });
    expect(schedule.rate(0, [])).toBe(1);
    // Halfway through the cosine: (1 + cos(pi / 2)) / 2.
    expect(schedule.rate(5, [])).toBeCloseTo(0.5, 12);
    expect(schedule.rate(9, [])).toBeCloseTo((1 + Math.cos((Math.PI * 9) / 10)) / 2, 12);
    expect(schedule.rate(9, [])).toBeGreaterThan(0);
    expect(schedule.rate(10, [])).toBeCloseTo(0, 12);
    expect(schedule.rate(25, [])).toBeCloseTo(0, 12);
  });

  it('decays smoothly within an epoch', () => {
    const schedule = cosineDecay({ initial: 1, epochs: 2 });
    expect(schedule.rate(0.5, [])).toBeCloseTo((1 + Math.cos(Math.PI / 4)) / 2, 12);
    expect(schedule.rate(1.5, [])).toBeCloseTo((1 + Math.cos((3 * Math.PI) / 4)) / 2, 12);
  });

  it('ends at `final` and is halfway between at mid-run', () => {
    const schedule = cosineDecay({ initial: 1, epochs: 4, final: 0.1 });
    expect(schedule.rate(0, [])).toBe(1);
    expect(schedule.rate(1, [])).toBeCloseTo(0.1 + (0.9 * (1 + Math.SQRT1_2)) / 2, 12);
    expect(schedule.rate(2, [])).toBeCloseTo(0.55, 12);
    expect(schedule.rate(4, [])).toBeCloseTo(0.1, 12);
  });

  it('warms up linearly without starting at 0, peaks right after warm-up, then decays', () => {
    const schedule = cosineDecay({ initial: 0.3, epochs: 12, warmupEpochs: 2 });
    expect(schedule.rate(0, [])).toBeCloseTo(0.1, 12);
    expect(schedule.rate(1, [])).toBeCloseTo(0.2, 12);
    expect(schedule.rate(2, [])).toBeCloseTo(0.3, 12);
    // Decay spans epochs 2..12, so epoch 7 is halfway.
    expect(schedule.rate(7, [])).toBeCloseTo(0.15, 12);
    expect(schedule.rate(12, [])).toBeCloseTo(0, 12);
  });

  it('validates its options', () => {
    expect(() => cosineDecay({ initial: 1, epochs: 0 })).toThrow(/epochs must be an integer >= 1/);
    expect(() => cosineDecay({ initial: 1, epochs: 5, final: 2 })).toThrow(
      /final must be in \[0, initial = 1\]/,
    );
    expect(() => cosineDecay({ initial: 1, epochs: 5, final: -0.1 })).toThrow(/final/);
    expect(() => cosineDecay({ initial: 1, epochs: 5, warmupEpochs: 5 })).toThrow(/less than epochs/);
    expect(() => cosineDecay({ initial: 1, epochs: 5, warmupEpochs: 1.5 })).toThrow(/warmupEpochs must be/);
  });
});

describe('reduceOnPlateau', () => {
  // 1.0 and 0.8 improve; 0.8 and 0.79995 do not beat 0.8 by more than minDelta = 1e-4, so after epoch 3 the rate
  // halves; 0.7 improves; epochs 5 and 6 stall, so after epoch 6 it halves again; epoch 7 starts a new count.
  const losses = [1.0, 0.8, 0.8, 0.79995, 0.7, 0.7, 0.7, 0.7];
  const logs = history(losses);
  const expected = [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025];

  it('halves the rate after `patience` epochs without improvement', () => {
    const schedule = reduceOnPlateau({ initial: 0.1 });
    for (const [epoch, rate] of expected.entries()) {
      expect(schedule.rate(epoch, logs.slice(0, epoch))).toBeCloseTo(rate, 15);
    }
  });

  it('depends only on the history it is given, so calls in any order (or after a resume) agree', () => {
    const schedule = reduceOnPlateau({ initial: 0.1 });
    const backwards = [8, 3, 7, 0, 4].map((epoch) => schedule.rate(epoch, logs.slice(0, epoch)));
    const fresh = reduceOnPlateau({ initial: 0.1 });
    expect(backwards).toEqual([8, 3, 7, 0, 4].map((epoch) => fresh.rate(epoch, logs.slice(0, epoch))));
    expect(backwards).toEqual([0.025, 0.1, 0.025, 0.1, 0.05]);
  });

  it('ignores the rates recorded in the logs', () => {
    const schedule = reduceOnPlateau({ initial: 0.1 });
    const relabelled = logs.map((entry) => ({ ...entry, rate: 123 }));
    expect(schedule.rate(8, relabelled)).toBe(schedule.rate(8, logs));
  });

  it('honours factor, patience, minDelta and minRate', () => {
    const flat = history(new Array(12).fill(1));
    // Epoch 0 sets best; each later epoch stalls; patience 1 reduces at every one of the 11: 1 * 0.1^11, floored.
    expect(reduceOnPlateau({ initial: 1, factor: 0.1, patience: 1, minRate: 1e-3 }).rate(12, flat)).toBe(
      1e-3,
    );
    expect(
      reduceOnPlateau({ initial: 1, factor: 0.1, patience: 1, minRate: 0 }).rate(3, flat.slice(0, 3)),
    ).toBeCloseTo(0.01, 15);
    // With patience 3, 11 stalled epochs make 3 reductions.
    expect(reduceOnPlateau({ initial: 1, patience: 3 }).rate(12, flat)).toBe(0.125);
    // Improvements of 0.01 count with minDelta 1e-4 but not with minDelta 0.05.
    const slow = history([1, 0.99, 0.98, 0.97, 0.96]);
    expect(reduceOnPlateau({ initial: 1 }).rate(5, slow)).toBe(1);
    expect(reduceOnPlateau({ initial: 1, minDelta: 0.05 }).rate(5, slow)).toBe(0.25);
  });

  it('can monitor the training loss', () => {
    const schedule = reduceOnPlateau({ initial: 1, monitor: 'loss', patience: 1 });
    expect(schedule.rate(3, history([0.5, 0.6, 0.4], 'loss'))).toBe(0.5);
  });

  it('counts a NaN loss as no improvement', () => {
    expect(reduceOnPlateau({ initial: 1 }).rate(3, history([1, Number.NaN, Number.NaN]))).toBe(0.5);
  });

  it('says what is missing when the monitored value is absent', () => {
    const noValidation: EpochLogs[] = [{ epoch: 0, loss: 1, rate: 0.1 }];
    expect(() => reduceOnPlateau({ initial: 0.1 }).rate(1, noValidation)).toThrow(
      /monitors 'valLoss', but epoch 0 has none; validate every epoch or use monitor: 'loss'/,
    );
  });

  it('validates its options', () => {
    expect(() => reduceOnPlateau({ initial: 0.1, factor: 1.5 })).toThrow(/factor must be in \(0, 1\)/);
    expect(() => reduceOnPlateau({ initial: 0.1, patience: 0 })).toThrow(/patience must be an integer >= 1/);
    expect(() => reduceOnPlateau({ initial: 0.1, minRate: 0.2 })).toThrow(/minRate must be in \[0, initial/);
    expect(() => reduceOnPlateau({ initial: 0.1, minDelta: -1 })).toThrow(/minDelta must be/);
    expect(() => reduceOnPlateau({ initial: 0.1, monitor: 'accuracy' as 'loss' })).toThrow(/monitor must be/);
  });
});
