import { type Dataset, frameInk, subset } from '@shapes/data';
import { setPreprocessing } from '@shapes/models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchProgress, BatchStart, TrainEnd } from './callbacks/callback.js';
import { earlyStopping } from './callbacks/early-stopping.js';
import { DatasetOverlapError } from './errors/dataset-overlap-error.js';
import { NonFiniteLossError } from './errors/non-finite-loss-error.js';
import { cosineDecay, stepDecay } from './lr-schedule.js';
import { captureOptimizerState } from './optimizer-state.js';
import { denseModel, easyData, tinyData, weightValues } from './test-fixtures.js';
import { Trainer } from './trainer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { train, val, test } = easyData();

describe('Trainer', () => {
  it('frames the images of a model whose preprocessing says so, in training and evaluation', async () => {
    const { train, test } = tinyData(20);
    const run = async (model: tfl.LayersModel, fitOn: Dataset, evalOn: Dataset) => {
      const trainer = new Trainer({ model, seed: 3, learningRate: 1e-2, batchSize: 16 });
      const { history } = await trainer.fit(fitOn, { epochs: 2 });
      const evaluation = await trainer.evaluate(evalOn);
      trainer.dispose();
      return { losses: history.map((h) => h.loss), weights: weightValues(model), evaluation };
    };
    const framing = denseModel(2);
    setPreprocessing(framing, { scale: 'unit', frame: 'ink' });
    const byModel = await run(framing, train, test);
    const byHand = await run(denseModel(2), frameInk(train), frameInk(test));
    const plain = await run(denseModel(2), train, test);
    expect(byModel.losses).toEqual(byHand.losses);
    expect(byModel.weights).toEqual(byHand.weights);
    expect(byModel.evaluation.probabilities).toEqual(byHand.evaluation.probabilities);
    expect(byModel.weights).not.toEqual(plain.weights);
  });

  it('learns an easy task: the loss falls and the accuracy rises, on held-out images too', async () => {
    const model = denseModel(1);
    const trainer = new Trainer({ model, seed: 1, learningRate: 1e-2, batchSize: 16 });
    const { history, bestEpoch, stoppedEarly } = await trainer.fit(train, { val, epochs: 4 });
    expect(history.map((h) => h.epoch)).toEqual([0, 1, 2, 3]);
    const first = history[0]!;
    const last = history[3]!;
    expect(last.loss).toBeLessThan(first.loss * 0.6);
    expect(last.accuracy).toBeGreaterThan(first.accuracy!);
    expect(last.valAccuracy).toBeGreaterThan(0.9);
    expect(bestEpoch).toBeGreaterThanOrEqual(2);
    expect(stoppedEarly).toBe(false);

    const result = await trainer.test(test);
    const n = test.shape[0];
    expect(result.accuracy).toBeGreaterThan(0.9);
    expect(result.predicted).toHaveLength(n);
    expect(result.probabilities).toHaveLength(n * 3);
    const row = result.probabilities.subarray(0, 3);
    expect(row[0]! + row[1]! + row[2]!).toBeCloseTo(1, 5);
    trainer.dispose();
    model.dispose();
  });

  it('changes only trainable weights, so frozen layers stay as they were', async () => {
    const model = denseModel(2);
    model.getLayer('embedding').trainable = false;
    const frozen = model
      .getLayer('embedding')
      .getWeights()
      .map((w) => w.dataSync().slice());
    const head = model.getLayer('head_output').getWeights()[0]!.dataSync().slice();
    const trainer = new Trainer({ model, seed: 1, learningRate: 1e-2, batchSize: 16 });
    await trainer.fit(train, { epochs: 1 });
    const after = model
      .getLayer('embedding')
      .getWeights()
      .map((w) => w.dataSync());
    expect(after).toEqual(frozen);
    expect(model.getLayer('head_output').getWeights()[0]!.dataSync()).not.toEqual(head);
    trainer.dispose();
    model.dispose();
  });

  it('reports every batch with throughput and time left, and every epoch with its timing', async () => {
    const model = denseModel(3);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    const events: BatchProgress[] = [];
    const starts: BatchStart[] = [];
    const calls: string[] = [];
    const timings: number[] = [];
    await trainer.fit(train, {
      epochs: 2,
      callbacks: [
        {
          onTrainBegin: () => void calls.push('begin'),
          onEpochBegin: (epoch) => void calls.push(`epoch ${epoch}`),
          onBatchBegin: (s) => void starts.push(s),
          onBatchEnd: (p) => {
            // Each batch begins before it ends, and no other batch comes between.
            expect(starts.at(-1)).toMatchObject({ epoch: p.epoch, batch: p.batch, rate: p.rate });
            events.push(p);
          },
          onEpochEnd: (_logs, _ctx, timing) => void timings.push(timing.samplesPerSecond),
          onTrainEnd: (end) => void calls.push(`end ${end.history.length}`),
        },
      ],
    });
    const n = train.shape[0];
    const batches = Math.ceil(n / 16);
    expect(calls).toEqual(['begin', 'epoch 0', 'epoch 1', 'end 2']);
    expect(events).toHaveLength(2 * batches);
    const epoch1 = events.filter((e) => e.epoch === 1);
    expect(epoch1.map((e) => e.batch)).toEqual([...Array(batches).keys()]);
    expect(epoch1.map((e) => e.seen)).toEqual(
      [...Array(batches).keys()].map((b) => Math.min(n, (b + 1) * 16)),
    );
    for (const e of events) {
      expect(e).toMatchObject({ epochs: 2, batches, size: n });
      expect(e.samplesPerSecond).toBeGreaterThan(0);
      expect(Number.isFinite(e.etaSeconds) && e.etaSeconds >= 0).toBe(true);
      expect(Number.isFinite(e.loss) && Number.isFinite(e.batchLoss)).toBe(true);
      expect(e.batchAccuracy).toBeGreaterThanOrEqual(0);
      expect(e.batchAccuracy).toBeLessThanOrEqual(1);
    }
    expect(starts).toHaveLength(events.length);
    expect(starts.map((s) => s.images)).toEqual(
      events.map((e, i) => e.seen - (events[i - 1]?.epoch === e.epoch ? events[i - 1]!.seen : 0)),
    );
    // The first batch has the whole run ahead of it; the last has nothing left.
    expect(events[0]!.etaSeconds).toBeGreaterThan(0);
    expect(events.at(-1)!.etaSeconds).toBe(0);
    expect(timings.every((t) => t > 0)).toBe(true);
    trainer.dispose();
    model.dispose();
  });

  it('is deterministic for a seed (shuffling and dropout), and another seed gives other weights', async () => {
    const run = async (seed: number) => {
      const model = denseModel(4);
      const trainer = new Trainer({ model, seed, learningRate: 1e-2, batchSize: 16 });
      await trainer.fit(train, { val, epochs: 2 });
      const weights = weightValues(model);
      trainer.dispose();
      model.dispose();
      return weights;
    };
    const random = Math.random;
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(Math.random).toBe(random);
  });

  it('continues a run from a snapshot exactly as if it had never stopped', async () => {
    // Batches of 8 make enough Adam steps for pow(beta, t) to differ from the product the run accumulated, which
    // is why the snapshot carries Adam's private variables.
    const whole = denseModel(5);
    const t1 = new Trainer({
      model: whole,
      seed: 3,
      learningRate: stepDecay({ initial: 1e-2, factor: 0.5, every: 1 }),
      batchSize: 8,
    });
    await t1.fit(train, { val, epochs: 3 });

    const model = denseModel(5);
    const t2 = new Trainer({
      model,
      seed: 3,
      learningRate: stepDecay({ initial: 1e-2, factor: 0.5, every: 1 }),
      batchSize: 8,
    });
    const first = await t2.fit(train, { val, epochs: 2 });
    const optimizer = await captureOptimizerState(t2.optimizer!);
    t2.dispose();
    // A new trainer with another seed: the snapshot's seed wins.
    const t3 = new Trainer({
      model,
      seed: 99,
      learningRate: stepDecay({ initial: 1e-2, factor: 0.5, every: 1 }),
      batchSize: 8,
    });
    const resumed = await t3.fit(train, {
      val,
      epochs: 3,
      resume: { history: first.history, seed: 3, optimizer, optimizerClass: 'Adam', batchSize: 8 },
    });
    tf.dispose(optimizer.map((w) => w.tensor));
    expect(resumed.history).toHaveLength(3);
    expect(t3.seed).toBe(3);
    expect(weightValues(model)).toEqual(weightValues(whole));
    for (const t of [t1, t3]) t.dispose();
    whole.dispose();
    model.dispose();
  });

  it('refuses a validation or test set that shares images with the training set, naming how many', async () => {
    const model = denseModel(6);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    const leaky = subset(train, [0, 1, 2]);
    await expect(trainer.fit(train, { val: leaky, epochs: 1 })).rejects.toThrow(DatasetOverlapError);
    await expect(trainer.fit(train, { val: leaky, epochs: 1 })).rejects.toThrow(
      /3 of the 3 validation images are also in the training set/,
    );
    await trainer.fit(train, { val, epochs: 1 });
    await expect(trainer.test(subset(train, [4, 5]))).rejects.toThrow(/2 of the 2 test images/);
    await expect(trainer.test(subset(val, [0]))).rejects.toThrow(DatasetOverlapError);
    await expect(trainer.test(test)).resolves.toMatchObject({ classes: 3 });
    trainer.dispose();
    model.dispose();
  });

  it('stops with a NonFiniteLossError on a NaN loss and keeps the weights from before that batch', async () => {
    const images = Float32Array.from(train.images, (v) => v / 255);
    images.fill(Number.NaN, 10 * 256, 11 * 256);
    const poisoned: Dataset = { ...train, images };
    const model = denseModel(7);
    const trainer = new Trainer({ model, seed: 1, learningRate: 1e-2, batchSize: 16 });
    let lastGood = weightValues(model);
    let end: TrainEnd | undefined;
    const error = await trainer
      .fit(poisoned, {
        epochs: 2,
        callbacks: [
          {
            onBatchEnd: () => {
              lastGood = weightValues(model);
            },
            onTrainEnd: (e) => {
              end = e;
            },
          },
        ],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const e = error as NonFiniteLossError;
    expect(e.name).toBe('NonFiniteLossError');
    expect(e.epoch).toBe(0);
    expect(e.message).toMatch(/The loss became NaN at epoch 0, batch \d+/);
    expect(e.message).toMatch(/lower learning rate/);
    expect(end?.error).toBe(error);
    expect(weightValues(model)).toEqual(lastGood);
    expect(lastGood.every((w) => w.every(Number.isFinite))).toBe(true);
    trainer.dispose();
    model.dispose();
  });

  it("sets the schedule's rate on the optimizer at the start of every epoch", async () => {
    for (const make of [(r: number) => tf.train.adam(r), (r: number) => tf.train.sgd(r)]) {
      const model = denseModel(8);
      const trainer = new Trainer({
        model,
        seed: 1,
        batchSize: 32,
        optimizer: make,
        learningRate: stepDecay({ initial: 0.01, factor: 0.5, every: 1 }),
      });
      const seen: number[] = [];
      const { history } = await trainer.fit(train, {
        epochs: 3,
        callbacks: [
          {
            onEpochBegin: (_e, ctx) =>
              void seen.push((ctx.optimizer as unknown as { learningRate: number }).learningRate),
          },
        ],
      });
      expect(history.map((h) => h.rate)).toEqual([0.01, 0.005, 0.0025]);
      expect(seen).toEqual([0.01, 0.005, 0.0025]);
      trainer.dispose();
      model.dispose();
    }
  });

  it('follows a cosine schedule batch by batch within each epoch', async () => {
    const model = denseModel(8);
    const trainer = new Trainer({
      model,
      seed: 1,
      batchSize: 32,
      learningRate: cosineDecay({ initial: 0.01, epochs: 2 }),
    });
    const rates: number[] = [];
    const batchesPerEpoch: number[] = [];
    await trainer.fit(train, {
      epochs: 2,
      callbacks: [
        {
          onBatchEnd: (p) => {
            rates.push(p.rate);
            batchesPerEpoch.push(p.batches);
          },
        },
      ],
    });
    const per = batchesPerEpoch[0] as number;
    expect(per).toBeGreaterThan(1);
    rates.forEach((rate, i) => {
      expect(rate).toBeCloseTo(0.005 * (1 + Math.cos((Math.PI * (i / per)) / 2)), 12);
    });
    expect(rates[per]).toBeCloseTo(0.005, 12);
    trainer.dispose();
    model.dispose();
  });

  it('stops before the next batch when its signal is aborted', async () => {
    const model = denseModel(9);
    const trainer = new Trainer({ model, seed: 1, batchSize: 16 });
    const controller = new AbortController();
    let batches = 0;
    const run = trainer.fit(train, {
      epochs: 3,
      signal: controller.signal,
      callbacks: [{ onBatchEnd: () => void (++batches === 2 && controller.abort()) }],
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toBe(2);
    trainer.dispose();
    model.dispose();
  });

  it('frees every tensor it makes: one epoch or five, evaluation, early stopping', async () => {
    const model = denseModel(10);
    const before = tf.memory().numTensors;
    const trainer = new Trainer({ model, seed: 1, learningRate: 1e-2, batchSize: 16 });
    await trainer.fit(train, { val, epochs: 1, callbacks: [earlyStopping({ patience: 1 })] });
    const afterOne = tf.memory().numTensors;
    await trainer.fit(train, { val, epochs: 5, callbacks: [earlyStopping({ patience: 1 })] });
    expect(tf.memory().numTensors).toBe(afterOne);
    await trainer.evaluate(val);
    await trainer.predictProbabilities(test);
    expect(tf.memory().numTensors).toBe(afterOne);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('names a bad option or a dataset that does not fit the model', async () => {
    const model = denseModel(11);
    expect(() => new Trainer({ model, batchSize: 0 })).toThrow(/batchSize must be a positive integer/);
    const trainer = new Trainer({ model });
    await expect(trainer.fit(train, { epochs: 0 })).rejects.toThrow(/epochs must be a positive integer/);
    const wide: Dataset = { ...train, classNames: ['a', 'b', 'c', 'd'] };
    await expect(trainer.fit(wide, { epochs: 1 })).rejects.toThrow(/4 classes but the model outputs 3/);
    const big: Dataset = {
      ...train,
      images: new Uint8Array(train.shape[0] * 32 * 32),
      shape: [train.shape[0], 32, 32, 1],
    };
    await expect(trainer.fit(big, { epochs: 1 })).rejects.toThrow(/32x32x1 but the model takes 16x16x1/);
    trainer.dispose();
    model.dispose();
  });
});
