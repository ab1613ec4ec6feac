import { batches, type Dataset, mixSeed } from '@shapes/data';
import { preprocessImages } from '@shapes/models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type {
  BatchProgress,
  TrainContext,
  TrainEnd,
  TrainerCallback,
  TrainerSnapshot,
} from './callbacks/callback.js';
import { CheckpointError } from './errors/checkpoint-error.js';
import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import { NonFiniteLossError } from './errors/non-finite-loss-error.js';
import { constantRate, type LearningRateSchedule } from './lr-schedule.js';
import { restoreOptimizerState, setLearningRate } from './optimizer-state.js';
import { countShared, imageHashes, overlapError } from './overlap.js';
import { imagesToTensor } from './pixels.js';
import { withSeededRandom } from './seeded-random.js';
import type { EpochLogs } from './types.js';

/**
 * The training label of an image of none of the model's classes: trained towards equal probabilities (outlier
 * exposure), and left out of the training accuracy, where it could never be right.
 */
export const OUTLIER_LABEL = -1;

/** Probabilities are clipped to [EPSILON, 1 - EPSILON] before the log, as Keras does, so a loss is never infinite. */
const EPSILON = 1e-7;

/** Options of {@link Trainer}. */
export interface TrainerOptions {
  /** A model ending in a softmax over the classes (as `@shapes/models` builds them), trained in place. */
  model: tfl.LayersModel;
  /** Makes a fresh optimizer for each `fit` from its first rate. Default: `(rate) => tf.train.adam(rate)`. */
  optimizer?: (learningRate: number) => tf.Optimizer;
  /** A fixed rate or a schedule (see `stepDecay`, `cosineDecay`, `reduceOnPlateau`). Default: 1e-3. */
  learningRate?: number | LearningRateSchedule;
  /** Images per training step. Default: 32. */
  batchSize?: number;
  /**
   * Seeds the shuffling and the dropout masks: the same seed, initial weights and backend give bit-identical
   * weights. Default: a random seed (read it back from `trainer.seed`).
   */
  seed?: number;
}

/** Options of {@link Trainer.fit}. */
export interface FitOptions {
  /** Epochs the run reaches in total; a resumed run trains only the missing ones. */
  epochs: number;
  /** Validated after every epoch; it must share no image with the training set. */
  val?: Dataset;
  callbacks?: readonly TrainerCallback[];
  /** Aborting stops training before the next batch; `fit` then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Continue an interrupted run (see `loadCheckpoint` in `@shapes/train/node`). */
  resume?: TrainerSnapshot;
}

/** What {@link Trainer.fit} returns. */
export interface TrainResult {
  /** One entry per epoch, resumed ones included. */
  history: EpochLogs[];
  /** A callback (e.g. early stopping) ended the run before its last epoch. */
  stoppedEarly: boolean;
  /** Epoch with the lowest validation loss (training loss without validation); -1 when no epoch ran. */
  bestEpoch: number;
  /** The seed the run used. */
  seed: number;
}

/** What {@link Trainer.evaluate} returns. */
export interface Evaluation {
  /** Mean cross-entropy over the images. */
  loss: number;
  /** Fraction of images whose most probable class is their label. */
  accuracy: number;
  /** Most probable class of each image. */
  predicted: Int32Array;
  /** `n * classes` probabilities, row by row. */
  probabilities: Float32Array;
  classes: number;
}

/** Options of {@link Trainer.evaluate} and {@link Trainer.predictProbabilities}. */
export interface InferenceOptions {
  /** Images per forward pass. Default: the trainer's batch size. */
  batchSize?: number;
}

/**
 * Trains a classifier with its own loop (not `model.fit`), so it behaves the same on every tfjs backend and can
 * do what `model.fit` cannot: resume exactly from a checkpoint, restore the best weights, stop on a non-finite
 * loss before it spreads into the weights, and reproduce a run bit for bit from its seed.
 *
 * The loss is sparse categorical cross-entropy on the model's softmax output. Only trainable weights change,
 * so frozen layers stay as they are. Dropout is active in training and off in evaluation.
 *
 * @example
 * const trainer = new Trainer({ model, seed: 1, learningRate: cosineDecay({ initial: 1e-3, epochs: 10 }) });
 * const { history } = await trainer.fit(train, { val, epochs: 10, callbacks: [earlyStopping({ patience: 3 })] });
 * const { accuracy } = await trainer.test(test);
 */
export class Trainer {
  /** The model being trained (the caller's; `dispose` leaves it alone). */
  readonly model: tfl.LayersModel;
  readonly batchSize: number;
  readonly schedule: LearningRateSchedule;
  private seedValue: number;
  private readonly makeOptimizer: (learningRate: number) => tf.Optimizer;
  private optimizerValue: tf.Optimizer | undefined;
  /** Hashes of the images the last `fit` trained and validated on, so `test` can refuse them. */
  private seen = new Set<string>();

  /** Checks the options; the model is not touched until `fit`. */
  constructor(options: TrainerOptions) {
    const { model, batchSize = 32, learningRate = 1e-3 } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new InvalidArgumentError(`batchSize must be a positive integer, got ${batchSize}.`);
    }
    if (options.seed !== undefined && !Number.isInteger(options.seed)) {
      throw new InvalidArgumentError(`seed must be an integer, got ${options.seed}.`);
    }
    this.model = model;
    this.batchSize = batchSize;
    this.schedule = typeof learningRate === 'number' ? constantRate(learningRate) : learningRate;
    this.makeOptimizer = options.optimizer ?? ((rate) => tf.train.adam(rate));
    this.seedValue = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  }

  /** The seed of the runs; after a resume, the resumed run's. */
  get seed(): number {
    return this.seedValue;
  }

  /** The optimizer of the last `fit` (kept until the next `fit` or `dispose`, so its state can be saved). */
  get optimizer(): tf.Optimizer | undefined {
    return this.optimizerValue;
  }

  /**
   * Trains for `options.epochs` epochs (or the ones a resumed run lacks), validating after each when `val` is
   * given. Throws a `DatasetOverlapError` if `val` shares images with `train`, and a `NonFiniteLossError` as
   * soon as a loss or gradient is NaN or infinite.
   */
  async fit(train: Dataset, options: FitOptions): Promise<TrainResult> {
    const { epochs, val, signal, resume } = options;
    const callbacks = options.callbacks ?? [];
    const classes = this.checkData(train, 'training');
    if (!Number.isInteger(epochs) || epochs < 1) {
      throw new InvalidArgumentError(`epochs must be a positive integer, got ${epochs}.`);
    }
    const hashes = imageHashes(train);
    if (val) {
      this.checkData(val, 'validation');
      const shared = countShared(hashes, val);
      if (shared > 0) throw overlapError(shared, val.shape[0], { second: 'validation' });
      for (const hash of imageHashes(val)) hashes.add(hash);
    }
    this.seen = hashes;
    const history = resume ? checkResume(resume, epochs, this.batchSize) : [];
    if (resume) this.seedValue = resume.seed;
    const seed = this.seedValue;

    const variables = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
    if (variables.length === 0) {
      throw new InvalidArgumentError('The model has no trainable weights (every layer is frozen).');
    }
    this.optimizerValue?.dispose();
    const optimizer = this.makeOptimizer(this.rateFor(history.length, history));
    this.optimizerValue = optimizer;
    if (resume?.optimizerClass !== undefined && resume.optimizerClass !== optimizer.getClassName()) {
      optimizer.dispose();
      this.optimizerValue = undefined;
      throw new CheckpointError(
        `The run to resume used the ${resume.optimizerClass} optimizer, this trainer makes ${optimizer.getClassName()}; pass the same optimizer factory.`,
      );
    }
    if (resume?.optimizer) await restoreOptimizerState(optimizer, resume.optimizer, variables);

    const ctx: TrainContext = {
      model: this.model,
      optimizer,
      history,
      epochs,
      seed,
      batchSize: this.batchSize,
      classNames: [...train.classNames],
      hasValidation: val !== undefined,
      ...(resume ? { resume } : {}),
    };
    const n = train.shape[0];
    // Prepared once, not per batch: a model that frames its inputs would frame each image again every epoch.
    const prepared = preprocessImages(this.model, train);
    let stoppedEarly = false;
    let failure: { error: unknown } | undefined;
    try {
      for (const cb of callbacks) await cb.onTrainBegin?.(ctx);
      for (let epoch = history.length; epoch < epochs && !stoppedEarly; epoch++) {
        const rate = this.rateFor(epoch, history);
        setLearningRate(optimizer, rate);
        for (const cb of callbacks) await cb.onEpochBegin?.(epoch, ctx);
        const started = performance.now();
        const trained = await this.trainEpoch(prepared, {
          optimizer,
          variables,
          classes,
          epoch,
          rate,
          ctx,
          callbacks,
          signal,
        });
        const trainSeconds = (performance.now() - started) / 1000;
        const logs: EpochLogs = { epoch, loss: trained.loss, accuracy: trained.accuracy, rate };
        if (val) {
          signal?.throwIfAborted();
          const v = await this.evaluate(val);
          logs.valLoss = v.loss;
          logs.valAccuracy = v.accuracy;
        }
        history.push(logs);
        const timing = {
          seconds: (performance.now() - started) / 1000,
          samplesPerSecond: trainSeconds > 0 ? n / trainSeconds : 0,
        };
        for (const cb of callbacks) {
          if ((await cb.onEpochEnd?.(logs, ctx, timing)) === 'stop') stoppedEarly = true;
        }
        stoppedEarly &&= epoch < epochs - 1;
      }
    } catch (error) {
      failure = { error };
    }
    const end: TrainEnd = { history, stoppedEarly, ...(failure ? { error: failure.error } : {}) };
    for (const cb of callbacks) {
      try {
        await cb.onTrainEnd?.(end, ctx);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
    return { history, stoppedEarly, bestEpoch: bestEpoch(history, val !== undefined), seed };
  }

  /** One pass over the training set (its images already prepared for the model) in the epoch's seeded order; the epoch's mean loss and accuracy. */
  private async trainEpoch(
    train: Dataset,
    run: {
      optimizer: tf.Optimizer;
      variables: tf.Variable[];
      classes: number;
      epoch: number;
      rate: number;
      ctx: TrainContext;
      callbacks: readonly TrainerCallback[];
      signal: AbortSignal | undefined;
    },
  ): Promise<{ loss: number; accuracy: number }> {
    const { epoch, ctx } = run;
    const n = train.shape[0];
    const batchCount = Math.ceil(n / this.batchSize);
    const started = performance.now();
    let seen = 0;
    let lossSum = 0;
    let correct = 0;
    let labelled = 0;
    let b = 0;
    for (const batch of batches(train, { batchSize: this.batchSize, seed: ctx.seed, epoch })) {
      run.signal?.throwIfAborted();
      // Within an epoch the schedule sees the fraction done, so a cosine decays smoothly over a short run.
      const rate = b === 0 ? run.rate : this.rateFor(epoch + b / batchCount, ctx.history);
      if (b > 0) setLearningRate(run.optimizer, rate);
      const start = { epoch, epochs: ctx.epochs, batch: b, batches: batchCount, images: batch.size, rate };
      for (const cb of run.callbacks) await cb.onBatchBegin?.(start, ctx);
      const step = await this.step(
        run.optimizer,
        run.variables,
        batch,
        run.classes,
        mixSeed(ctx.seed, epoch, b),
      );
      if (!step.finite) throw new NonFiniteLossError(epoch, b, step.loss, rate);
      seen += batch.size;
      lossSum += step.loss * batch.size;
      correct += step.correct;
      const batchLabelled = batch.labels.reduce((k, label) => (label === OUTLIER_LABEL ? k : k + 1), 0);
      labelled += batchLabelled;
      const elapsed = (performance.now() - started) / 1000;
      const samplesPerSecond = elapsed > 0 ? seen / elapsed : 0;
      const remaining = n - seen + (ctx.epochs - epoch - 1) * n;
      const progress: BatchProgress = {
        epoch,
        epochs: ctx.epochs,
        batch: b,
        batches: batchCount,
        loss: lossSum / seen,
        batchLoss: step.loss,
        batchAccuracy: batchLabelled > 0 ? step.correct / batchLabelled : Number.NaN,
        rate,
        seen,
        size: n,
        samplesPerSecond,
        etaSeconds: samplesPerSecond > 0 ? remaining / samplesPerSecond : Number.POSITIVE_INFINITY,
      };
      for (const cb of run.callbacks) await cb.onBatchEnd?.(progress, ctx);
      b++;
      // Let timers, I/O and abort events run between steps (awaiting tensor data alone does not).
      await yieldToEventLoop();
    }
    return { loss: lossSum / n, accuracy: labelled > 0 ? correct / labelled : Number.NaN };
  }

  /** Loss, accuracy, predicted classes and probabilities on a dataset, in batches, with dropout off. */
  async evaluate(dataset: Dataset, options: InferenceOptions = {}): Promise<Evaluation> {
    const classes = this.checkData(dataset, 'evaluation');
    const probabilities = await this.predictProbabilities(dataset, options);
    const n = dataset.shape[0];
    const predicted = new Int32Array(n);
    let loss = 0;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const row = probabilities.subarray(i * classes, (i + 1) * classes);
      let best = 0;
      for (let k = 1; k < classes; k++) if ((row[k] as number) > (row[best] as number)) best = k;
      predicted[i] = best;
      const label = dataset.labels[i] as number;
      if (best === label) correct++;
      loss -= Math.log(Math.min(Math.max(row[label] as number, EPSILON), 1 - EPSILON));
    }
    return {
      loss: n > 0 ? loss / n : Number.NaN,
      accuracy: n > 0 ? correct / n : Number.NaN,
      predicted,
      probabilities,
      classes,
    };
  }

  /**
   * {@link evaluate} on a held-out test set, after checking that it shares no image with the images the last
   * `fit` trained or validated on (a `DatasetOverlapError` otherwise; before any `fit` there is nothing to compare).
   */
  async test(dataset: Dataset, options: InferenceOptions = {}): Promise<Evaluation> {
    const shared = countShared(this.seen, dataset);
    if (shared > 0) {
      throw overlapError(shared, dataset.shape[0], { first: 'training or validation', second: 'test' });
    }
    return this.evaluate(dataset, options);
  }

  /** The model's class probabilities for each image (`n * classes`, row by row), in batches, with dropout off. */
  async predictProbabilities(
    dataset: Pick<Dataset, 'images' | 'shape'>,
    options: InferenceOptions = {},
  ): Promise<Float32Array> {
    const batchSize = options.batchSize ?? this.batchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new InvalidArgumentError(`batchSize must be a positive integer, got ${batchSize}.`);
    }
    const [n, h, w, c] = dataset.shape;
    const per = h * w * c;
    const classes = this.classes();
    const out = new Float32Array(n * classes);
    const images = preprocessImages(this.model, dataset).images;
    for (let start = 0; start < n; start += batchSize) {
      const size = Math.min(batchSize, n - start);
      const p = tf.tidy(() => {
        const x = imagesToTensor(images.subarray(start * per, (start + size) * per), [size, h, w, c]);
        return this.model.predict(x) as tf.Tensor;
      });
      try {
        out.set(await p.data(), start * classes);
      } finally {
        p.dispose();
      }
    }
    return out;
  }

  /** Frees the optimizer's state; the model stays the caller's. */
  dispose(): void {
    this.optimizerValue?.dispose();
    this.optimizerValue = undefined;
  }

  /** One training step; the update is applied only when the loss and every gradient are finite. */
  private async step(
    optimizer: tf.Optimizer,
    variables: tf.Variable[],
    batch: { images: Dataset['images']; labels: Int32Array; shape: [number, number, number, number] },
    classes: number,
    seed: number,
  ): Promise<{ loss: number; correct: number; finite: boolean }> {
    const { stats, grads } = withSeededRandom(seed, () =>
      tf.tidy(() => {
        const x = imagesToTensor(batch.images, batch.shape);
        const y = tf.tensor1d(batch.labels, 'int32');
        let correct: tf.Scalar | undefined;
        const { value, grads } = optimizer.computeGradients(() => {
          const p = this.model.apply(x, { training: true }) as tf.Tensor2D;
          // Kept out of the gradient scope so the epoch's accuracy needs no second forward pass.
          correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(p, 1), y), 'float32')) as tf.Scalar);
          return crossEntropy(p, y, classes);
        }, variables);
        // inf * 0 and NaN * 0 are NaN, anything finite gives 0: one number says whether every gradient is finite.
        const check = tf.addN(
          Object.values(grads)
            .filter((g): g is tf.Tensor => g != null)
            .map((g) => tf.sum(tf.mul(g, 0))),
        );
        const stats = tf.stack([value, check, correct as tf.Scalar]);
        correct?.dispose();
        return { stats, grads };
      }),
    );
    try {
      const [loss, check, correct] = (await stats.data()) as Float32Array;
      const finite = Number.isFinite(loss) && Number.isFinite(check);
      if (finite)
        optimizer.applyGradients(
          variables.map((v) => ({ name: v.name, tensor: grads[v.name] as tf.Tensor })),
        );
      return { loss: loss as number, correct: correct as number, finite };
    } finally {
      stats.dispose();
      tf.dispose(grads);
    }
  }

  private rateFor(epoch: number, history: readonly EpochLogs[]): number {
    const rate = this.schedule.rate(epoch, history);
    if (!(Number.isFinite(rate) && rate > 0)) {
      throw new InvalidArgumentError(
        `The learning-rate schedule gave ${rate} for epoch ${epoch}; it must be > 0.`,
      );
    }
    return rate;
  }

  private classes(): number {
    const units = this.model.outputs[0]?.shape.at(-1);
    if (typeof units !== 'number') {
      throw new InvalidArgumentError('The model must have one output of shape [batch, classes].');
    }
    return units;
  }

  /** Checks a dataset against the model and returns the number of classes. */
  private checkData(dataset: Dataset, what: string): number {
    const classes = this.classes();
    const [n, h, w, c] = dataset.shape;
    const input = this.model.inputs[0]?.shape;
    if (input && (input[1] !== h || input[2] !== w || input[3] !== c)) {
      throw new InvalidArgumentError(
        `The ${what} images are ${h}x${w}x${c} but the model takes ${input[1]}x${input[2]}x${input[3]}.`,
      );
    }
    if (dataset.classNames.length !== classes) {
      throw new InvalidArgumentError(
        `The ${what} set has ${dataset.classNames.length} classes but the model outputs ${classes}.`,
      );
    }
    if (what === 'training' && n === 0) throw new InvalidArgumentError('The training set is empty.');
    // -1 marks an outlier (none of the classes), allowed only where it is trained on.
    const lowest = what === 'training' ? OUTLIER_LABEL : 0;
    for (let i = 0; i < n; i++) {
      const label = dataset.labels[i] as number;
      if (!(Number.isInteger(label) && label >= lowest && label < classes)) {
        throw new InvalidArgumentError(
          `Label ${label} of ${what} image ${i} is not a class index in [0, ${classes})` +
            (what === 'training' ? ` or ${OUTLIER_LABEL} for an outlier.` : '.'),
        );
      }
    }
    return classes;
  }
}

/**
 * Mean sparse categorical cross-entropy of softmax outputs, clipped as Keras does. An outlier (label -1) is
 * trained towards equal probabilities for every class (outlier exposure, Hendrycks et al. 2019), which is what
 * teaches the open-set rules to tell a shape the model does not know from one it does.
 */
function crossEntropy(probabilities: tf.Tensor2D, labels: tf.Tensor1D, classes: number): tf.Scalar {
  const logP = tf.log(tf.clipByValue(probabilities, EPSILON, 1 - EPSILON));
  // Backends differ on oneHot of -1, so outlier rows are built apart: 1/classes everywhere.
  const outlier = tf.expandDims(tf.cast(tf.less(labels, 0), 'float32'), 1);
  const known = tf.mul(
    tf.oneHot(tf.maximum(labels, tf.scalar(0, 'int32')) as tf.Tensor1D, classes),
    tf.sub(1, outlier),
  );
  const target = tf.add(known, tf.mul(outlier, 1 / classes));
  return tf.neg(tf.mean(tf.sum(tf.mul(target, logP), 1))) as tf.Scalar;
}

function checkResume(resume: TrainerSnapshot, epochs: number, batchSize: number): EpochLogs[] {
  const { history } = resume;
  if (resume.batchSize !== undefined && resume.batchSize !== batchSize) {
    throw new InvalidArgumentError(
      `The run to resume trained with batchSize ${resume.batchSize}, this trainer uses ${batchSize}; resume with the same batch size (it decides every later step) or start a new run.`,
    );
  }
  if (!Number.isInteger(resume.seed)) {
    throw new InvalidArgumentError(`resume.seed must be an integer, got ${resume.seed}.`);
  }
  history.forEach((logs, i) => {
    if (logs.epoch !== i) {
      throw new InvalidArgumentError(
        `resume.history[${i}] is epoch ${logs.epoch}; the history must list epochs 0, 1, 2...`,
      );
    }
  });
  if (history.length > epochs) {
    throw new InvalidArgumentError(
      `The run to resume already trained ${history.length} epochs, more than epochs = ${epochs}.`,
    );
  }
  return [...history];
}

function bestEpoch(history: readonly EpochLogs[], validated: boolean): number {
  let best = -1;
  let bestValue = Number.POSITIVE_INFINITY;
  for (const logs of history) {
    const value = (validated ? logs.valLoss : logs.loss) ?? Number.NaN;
    if (value < bestValue) {
      bestValue = value;
      best = logs.epoch;
    }
  }
  return best;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof globalThis.setImmediate === 'function') globalThis.setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}
