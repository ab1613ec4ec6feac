import { existsSync, readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainerCallback } from '../callbacks/callback.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { NonFiniteLossError } from '../errors/non-finite-loss-error.js';
import { ResumeError } from '../errors/resume-error.js';
import { TrainingInterruptedError } from '../errors/training-interrupted-error.js';
import { type TrainedModel, type TrainModelOptions, trainModel } from './train-model.js';

// A tiny run of the default CNN: two classes at 16x16, two epochs, in a few seconds on the cpu backend.
const RUN = {
  shapes: ['circle', 'square'],
  perClass: 24,
  size: 16,
  batchSize: 16,
  epochs: 2,
  tta: false,
} satisfies Partial<TrainModelOptions>;

let tmp: string;
let reference: TrainedModel;

/** The trained weights, as plain numbers. */
const weightsOf = (model: tfl.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

/** Calls `stop` once, when `when` says so; records the epochs this session trained. */
function watch(stop: AbortController | undefined, when: 'epoch 1 ends' | 'first batch' | 'training ends') {
  const epochs: number[] = [];
  const callback: TrainerCallback = {
    onEpochBegin: (epoch) => void epochs.push(epoch),
    onBatchEnd: () => (when === 'first batch' ? stop?.abort() : undefined),
    onEpochEnd: (logs) => (when === 'epoch 1 ends' && logs.epoch === 0 ? stop?.abort() : undefined),
    onTrainEnd: () => (when === 'training ends' ? stop?.abort() : undefined),
  };
  return { epochs, callback };
}

/** Runs `trainModel` and returns what it threw. */
async function failure(options: TrainModelOptions): Promise<unknown> {
  return trainModel(options).then(
    (trained) => {
      trained.model.dispose();
      throw new Error('trainModel resolved');
    },
    (error: unknown) => error,
  );
}

const runJson = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'checkpoints', 'run.json'), 'utf8'));

beforeAll(async () => {
  await tf.setBackend('cpu');
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'shapes-train-model-'));
  reference = await trainModel({ ...RUN, dir: path.join(tmp, 'reference') });
});

afterAll(async () => {
  reference?.model.dispose();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('trainModel', () => {
  it('trains, calibrates, tests on held-out images and saves the model with its run', () => {
    const dir = reference.dir;
    expect(existsSync(path.join(dir, 'model.json'))).toBe(true);
    expect(existsSync(path.join(dir, 'checkpoints', 'last', 'state.json'))).toBe(true);
    expect(runJson(dir)).toMatchObject({
      shapes: ['circle', 'square'],
      size: 16,
      channels: 1,
      savedEpochs: 2,
    });
    expect(reference.history.map((h) => h.epoch)).toEqual([0, 1]);
    expect(reference.classNames).toEqual(['circle', 'square']);
    expect(reference.metadata.openSet).toEqual(reference.openSet);
    // At least 50 held-out images a class, from their own seed.
    expect(reference.test.summary.images).toBe(100);
    expect(reference.trainImages).toBe(48);
  });

  it('resumes after an abort at the next epoch, and ends with the weights of an uninterrupted run', async () => {
    const dir = path.join(tmp, 'aborted');
    const controller = new AbortController();
    const first = watch(controller, 'epoch 1 ends');
    const error = await failure({ ...RUN, dir, signal: controller.signal, callbacks: [first.callback] });
    expect(error).toBeInstanceOf(TrainingInterruptedError);
    expect(error).toMatchObject({ epochsSaved: 1, epochs: 2, stage: 'training' });
    expect(existsSync(path.join(dir, 'model.json'))).toBe(false);

    const steps: string[] = [];
    const second = watch(undefined, 'epoch 1 ends');
    const resumed = await trainModel({
      dir,
      epochs: 2,
      resume: true,
      callbacks: [second.callback],
      onStep: (s) => steps.push(s),
    });
    expect(steps[0]).toBe(`resuming after epoch 1 of ${dir}`);
    expect(second.epochs).toEqual([1]);
    expect(resumed.history.map((h) => h.epoch)).toEqual([0, 1]);
    expect(weightsOf(resumed.model)).toEqual(weightsOf(reference.model));
    resumed.model.dispose();
  });

  it('starts a run over when it was stopped before its first epoch ended', async () => {
    const dir = path.join(tmp, 'first-epoch');
    const controller = new AbortController();
    const error = await failure({
      ...RUN,
      dir,
      signal: controller.signal,
      callbacks: [watch(controller, 'first batch').callback],
    });
    expect(error).toMatchObject({ name: 'TrainingInterruptedError', epochsSaved: 0 });
    // The run is there to resume, though no epoch is.
    expect(runJson(dir).savedEpochs).toBeUndefined();

    const steps: string[] = [];
    const again = watch(undefined, 'first batch');
    const resumed = await trainModel({
      dir,
      epochs: 2,
      resume: true,
      callbacks: [again.callback],
      onStep: (s) => steps.push(s),
    });
    expect(steps[0]).toContain('starting it over');
    expect(again.epochs).toEqual([0, 1]);
    expect(weightsOf(resumed.model)).toEqual(weightsOf(reference.model));
    resumed.model.dispose();
  });

  it('stops before the save when aborted after training, and a resume only finishes the run', async () => {
    const dir = path.join(tmp, 'unsaved');
    const controller = new AbortController();
    const error = await failure({
      ...RUN,
      dir,
      signal: controller.signal,
      callbacks: [watch(controller, 'training ends').callback],
    });
    expect(error).toMatchObject({ name: 'TrainingInterruptedError', epochsSaved: 2, stage: 'saving' });
    expect(existsSync(path.join(dir, 'model.json'))).toBe(false);

    const steps: string[] = [];
    const session = watch(undefined, 'training ends');
    const finished = await trainModel({
      dir,
      epochs: 2,
      resume: true,
      callbacks: [session.callback],
      onStep: (s) => steps.push(s),
    });
    expect(steps[0]).toBe(`finishing the run in ${dir}`);
    expect(session.epochs).toEqual([]);
    expect(finished.history).toHaveLength(2);
    expect(runJson(dir).savedEpochs).toBe(2);
    finished.model.dispose();
    // Now complete: the same resume has nothing left to do.
    expect(await failure({ dir, epochs: 2, resume: true })).toMatchObject({
      problem: { reason: 'trained', epochs: 2 },
    });
  });

  it('refuses a resume with nothing to resume, or with an option the run was not started with', async () => {
    const none = await failure({ dir: path.join(tmp, 'none'), resume: true });
    expect(none).toBeInstanceOf(ResumeError);
    expect(none).toMatchObject({ problem: { reason: 'no-run' } });
    const other = await failure({ dir: reference.dir, epochs: 3, resume: true, size: 32 });
    expect(other).toMatchObject({ problem: { reason: 'mismatch', option: 'size', saved: 16, given: 32 } });
    expect((other as Error).message).toContain('was started with size 16, not 32');
  });

  it('refuses a new run over a folder that holds one, unless told to overwrite it', async () => {
    const error = await failure({ ...RUN, dir: reference.dir });
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toContain('holds a model or a training run already');
  });

  it('leaves no run behind when a new run fails before its first epoch', async () => {
    const dir = path.join(tmp, 'failed');
    // A learning rate that makes the loss non-finite at once.
    const error = await failure({ ...RUN, dir, learningRate: 1e30 });
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(existsSync(path.join(dir, 'checkpoints'))).toBe(false);
  });
});
