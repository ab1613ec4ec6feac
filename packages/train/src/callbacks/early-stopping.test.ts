import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { LearningRateSchedule } from '../lr-schedule.js';
import { denseModel, easyData, weightValues } from '../test-fixtures.js';
import { Trainer } from '../trainer.js';
import type { TrainerCallback } from './callback.js';
import { earlyStopping, isImprovement } from './early-stopping.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { train, val } = easyData();
// A sound first epoch, then a rate so high that every later epoch makes the validation loss worse.
const sabotage: LearningRateSchedule = { rate: (epoch) => (epoch < 1 ? 1e-2 : 5) };

/** Records the weights after every epoch (it must run before early stopping's own onEpochEnd). */
function recorder(model: tfl.LayersModel) {
  const weights: Float32Array[][] = [];
  const callback: TrainerCallback = { onEpochEnd: () => void weights.push(weightValues(model)) };
  return { weights, callback };
}

describe('earlyStopping', () => {
  it("stops after `patience` epochs without improvement and restores the best epoch's weights", async () => {
    const model = denseModel(1);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16, learningRate: sabotage });
    const { weights, callback } = recorder(model);
    const stop = earlyStopping({ monitor: 'valLoss', patience: 2 });
    const result = await trainer.fit(train, { val, epochs: 8, callbacks: [callback, stop] });
    const losses = result.history.map((h) => h.valLoss!);
    expect(losses[1]).toBeGreaterThan(losses[0]!);
    expect(losses[2]).toBeGreaterThan(losses[0]!);
    expect(result.stoppedEarly).toBe(true);
    expect(result.history).toHaveLength(3);
    expect(stop).toMatchObject({ bestEpoch: 0, stoppedEpoch: 2, restored: true });
    expect(weightValues(model)).toEqual(weights[0]);
    expect(weightValues(model)).not.toEqual(weights[2]);
    trainer.dispose();
    model.dispose();
  });

  it('restores the best weights at the end of training even when it did not stop', async () => {
    const model = denseModel(1);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16, learningRate: sabotage });
    const { weights, callback } = recorder(model);
    const stop = earlyStopping({ patience: 10 });
    const result = await trainer.fit(train, { val, epochs: 3, callbacks: [callback, stop] });
    expect(result.stoppedEarly).toBe(false);
    expect(stop).toMatchObject({ bestEpoch: 0, stoppedEpoch: -1, restored: true });
    expect(weightValues(model)).toEqual(weights[0]);
    trainer.dispose();
    model.dispose();
  });

  it('leaves the weights alone when told not to restore', async () => {
    const model = denseModel(3);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16, learningRate: sabotage });
    const { weights, callback } = recorder(model);
    const stop = earlyStopping({ patience: 1, restoreBestWeights: false });
    await trainer.fit(train, { val, epochs: 5, callbacks: [callback, stop] });
    expect(stop.restored).toBe(false);
    expect(weightValues(model)).toEqual(weights.at(-1));
    trainer.dispose();
    model.dispose();
  });

  it('needs a validation set to watch a validation value, and names bad options', async () => {
    const model = denseModel(4);
    const trainer = new Trainer({ model, seed: 1 });
    await expect(trainer.fit(train, { epochs: 1, callbacks: [earlyStopping()] })).rejects.toThrow(
      /monitors 'valLoss', but fit has no validation set/,
    );
    expect(() => earlyStopping({ patience: 0 })).toThrow(InvalidArgumentError);
    expect(() => earlyStopping({ monitor: 'val_loss' as 'valLoss' })).toThrow(/monitor must be one of/);
    trainer.dispose();
    model.dispose();
  });

  it('minimises losses and maximises accuracies, by more than minDelta; NaN never improves', () => {
    expect(isImprovement('valLoss', 0.5, 0.6, 0)).toBe(true);
    expect(isImprovement('valLoss', 0.55, 0.6, 0.1)).toBe(false);
    expect(isImprovement('valAccuracy', 0.9, 0.8, 0)).toBe(true);
    expect(isImprovement('accuracy', 0.7, 0.8, 0)).toBe(false);
    expect(isImprovement('loss', 1, Number.NaN, 0)).toBe(true);
    expect(isImprovement('loss', Number.NaN, 1, 0)).toBe(false);
  });
});
