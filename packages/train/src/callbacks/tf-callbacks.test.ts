import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LearningRateSchedule } from '../lr-schedule.js';
import { denseModel, easyData } from '../test-fixtures.js';
import { Trainer } from '../trainer.js';
import { fromTfCallbacks } from './tf-callbacks.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { train, val } = easyData();

/** Every call a tfjs-style callback object receives, as `name(args)`, with the logs kept as objects. */
function recorder() {
  const calls: { name: string; args: unknown[] }[] = [];
  const hook =
    (name: string) =>
    (...args: unknown[]) =>
      void calls.push({ name, args });
  const args: tfl.CustomCallbackArgs = {
    onTrainBegin: hook('onTrainBegin'),
    onEpochBegin: hook('onEpochBegin'),
    onBatchBegin: hook('onBatchBegin'),
    onBatchEnd: hook('onBatchEnd'),
    onYield: hook('onYield'),
    onEpochEnd: hook('onEpochEnd'),
    onTrainEnd: hook('onTrainEnd'),
  };
  return { calls, args };
}

/**
 * What tfjs-vis's `show.fitCallbacks(container, metrics)` does with the logs, less the drawing: for each of its
 * callbacks (`onEpochEnd`, `onBatchEnd`), the values of each metric present in the logs (`log[metric] != null`).
 */
function fitCallbacksLike(metrics: string[]) {
  const series: Record<string, Record<string, number[]>> = {};
  const make = (name: string) => async (_: number, log: tfl.Logs) => {
    for (const metric of metrics) {
      if (log[metric] == null) continue;
      series[name] ??= {};
      series[name][metric] ??= [];
      series[name][metric].push(log[metric]);
    }
  };
  // Typed as tfjs-vis types what it returns, so this test also checks that fromTfCallbacks takes it.
  const callbacks: { [key: string]: (iteration: number, log: tfl.Logs) => Promise<void> } = {
    onEpochEnd: make('onEpochEnd'),
    onBatchEnd: make('onBatchEnd'),
  };
  return { series, callbacks };
}

/** The log keys tfjs's own `model.fit` hands each hook, for a model compiled with `metrics: ['accuracy']`. */
async function tfjsLogKeys(): Promise<Record<string, string[]>> {
  const model = denseModel(5);
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.randomUniform([20, 16, 16, 1], 0, 1, 'float32', 1);
  const ys = tf.oneHot(
    tf.tensor1d(
      [...Array(20).keys()].map((i) => i % 3),
      'int32',
    ),
    3,
  );
  const keys: Record<string, string[]> = {};
  const keep = (name: string) => async (_: number, logs?: tfl.Logs) => {
    keys[name] ??= Object.keys(logs ?? {}).sort();
  };
  await model.fit(xs, ys, {
    epochs: 1,
    batchSize: 8,
    validationData: [xs, ys],
    verbose: 0,
    callbacks: {
      onBatchBegin: keep('onBatchBegin'),
      onBatchEnd: keep('onBatchEnd'),
      onEpochEnd: keep('onEpochEnd'),
    },
  });
  tf.dispose([xs, ys]);
  model.dispose();
  return keys;
}

describe('fromTfCallbacks', () => {
  it('calls each tfjs hook when model.fit would, with tfjs-named logs per batch and per epoch', async () => {
    const model = denseModel(1);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    const { calls, args } = recorder();
    const { history } = await trainer.fit(train, { val, epochs: 2, callbacks: [fromTfCallbacks(args)] });
    // 84 training images: 6 batches of 16, the last of 4.
    const batchCalls = (e: number) =>
      [0, 1, 2, 3, 4, 5].flatMap((b) => [`onBatchBegin ${b}`, `onBatchEnd ${b}`, `onYield ${e}`]);
    expect(calls.map((c) => `${c.name} ${c.args[0] ?? ''}`.trim())).toEqual([
      'onTrainBegin',
      'onEpochBegin 0',
      ...batchCalls(0),
      'onEpochEnd 0',
      'onEpochBegin 1',
      ...batchCalls(1),
      'onEpochEnd 1',
      'onTrainEnd',
    ]);
    const of = (name: string) => calls.filter((c) => c.name === name).map((c) => c.args.at(-1) as tfl.Logs);
    expect(of('onBatchBegin').slice(0, 6)).toEqual(
      [0, 1, 2, 3, 4, 5].map((b) => ({ batch: b, size: b < 5 ? 16 : 4 })),
    );
    for (const logs of of('onBatchEnd')) {
      expect(Object.keys(logs).sort()).toEqual(['acc', 'batch', 'loss', 'size']);
      expect(logs.loss).toBeGreaterThan(0);
      expect(logs.acc).toBeGreaterThanOrEqual(0);
      expect(logs.acc).toBeLessThanOrEqual(1);
    }
    expect(of('onYield')).toEqual(of('onBatchEnd'));
    expect(of('onEpochEnd')).toEqual(
      history.map((h) => ({ loss: h.loss, acc: h.accuracy, val_loss: h.valLoss, val_acc: h.valAccuracy })),
    );
    trainer.dispose();
    model.dispose();
  });

  it("hands each hook the same log keys as tfjs's own model.fit", async () => {
    const tfjs = await tfjsLogKeys();
    const ours: Record<string, string[]> = {};
    const keep = (name: string) => (_: number, logs?: tfl.Logs) => {
      ours[name] ??= Object.keys(logs ?? {}).sort();
    };
    const model = denseModel(1);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    await trainer.fit(train, {
      val,
      epochs: 1,
      callbacks: [
        fromTfCallbacks({
          onBatchBegin: keep('onBatchBegin'),
          onBatchEnd: keep('onBatchEnd'),
          onEpochEnd: keep('onEpochEnd'),
        }),
      ],
    });
    expect(tfjs.onEpochEnd).toEqual(['acc', 'loss', 'val_acc', 'val_loss']);
    expect(ours.onEpochEnd).toEqual(tfjs.onEpochEnd);
    expect(ours.onBatchEnd).toEqual(tfjs.onBatchEnd);
    // tfjs documents `size` at a batch's beginning but fills its logs in only later; ours have it from the start.
    expect(tfjs.onBatchBegin).toEqual([]);
    expect(ours.onBatchBegin).toEqual(['batch', 'size']);
    trainer.dispose();
    model.dispose();
  });

  it("feeds tfjs-vis's fitCallbacks a series per metric: every batch's loss and acc, every epoch's four", async () => {
    const { series, callbacks } = fitCallbacksLike(['loss', 'acc', 'val_loss', 'val_acc']);
    const model = denseModel(1);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    const { history } = await trainer.fit(train, { val, epochs: 3, callbacks: [fromTfCallbacks(callbacks)] });
    expect(series.onEpochEnd).toEqual({
      loss: history.map((h) => h.loss),
      acc: history.map((h) => h.accuracy),
      val_loss: history.map((h) => h.valLoss),
      val_acc: history.map((h) => h.valAccuracy),
    });
    expect(Object.keys(series.onBatchEnd!)).toEqual(['loss', 'acc']);
    expect(series.onBatchEnd!.loss).toHaveLength(3 * 6);
    trainer.dispose();
    model.dispose();
  });

  it('lets a tf.Callback stop the run (tf.callbacks.earlyStopping), and runs a tf.CustomCallback', async () => {
    // A sound first epoch, then a rate so high that the validation loss gets worse.
    const sabotage: LearningRateSchedule = { rate: (epoch) => (epoch < 1 ? 1e-2 : 5) };
    const model = denseModel(1);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16, learningRate: sabotage });
    const epochs: number[] = [];
    const custom = new tfl.CustomCallback({ onEpochEnd: (epoch) => void epochs.push(epoch) });
    const stop = tfl.callbacks.earlyStopping({ monitor: 'val_loss', patience: 1 });
    const result = await trainer.fit(train, {
      val,
      epochs: 6,
      callbacks: [fromTfCallbacks(custom), fromTfCallbacks(stop)],
    });
    expect(result.stoppedEarly).toBe(true);
    expect(result.history).toHaveLength(2);
    expect(epochs).toEqual([0, 1]);
    // The flag is the run's: the same callbacks watch the next run from the start.
    const steady = new Trainer({ model: denseModel(2), seed: 1, batchSize: 16 });
    const next = await steady.fit(train, { val, epochs: 2, callbacks: [fromTfCallbacks(stop)] });
    expect(next.stoppedEarly).toBe(false);
    expect(next.history).toHaveLength(2);
    steady.dispose();
    steady.model.dispose();
    trainer.dispose();
    model.dispose();
  });

  it('leaves out an accuracy tfjs would not have, and names bad arguments', () => {
    const adapter = fromTfCallbacks({
      onEpochEnd: (_epoch, logs) => expect(logs).toEqual({ loss: 0.5 }),
    });
    adapter.onEpochEnd?.({ epoch: 0, loss: 0.5, accuracy: Number.NaN, rate: 1e-3 }, {} as never, {
      seconds: 1,
      samplesPerSecond: 1,
    });
    expect(() => fromTfCallbacks(null as never)).toThrow(/needs an object of tfjs callbacks/);
    expect(() => fromTfCallbacks({ onEpochEnd: 'plot' } as never)).toThrow(/onEpochEnd must be a function/);
  });
});
