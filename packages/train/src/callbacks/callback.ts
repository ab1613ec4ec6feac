import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { NamedTensor } from '../optimizer-state.js';
import type { EpochLogs } from '../types.js';

/** What a resumed run starts from: made by `loadCheckpoint` in `@shapes/train/node`, or by hand. */
export interface TrainerSnapshot {
  /** Logs of the epochs already trained; training goes on at epoch `history.length`. */
  history: EpochLogs[];
  /** Seed of the interrupted run; the resumed run uses it, so it shuffles and drops out as that run would. */
  seed: number;
  /** Optimizer state from `captureOptimizerState` (absent: the optimizer starts fresh). */
  optimizer?: NamedTensor[];
  /** Class name of the optimizer that made `optimizer` (e.g. `Adam`); a different one is refused. */
  optimizerClass?: string;
  /** Batch size of the interrupted run; another one is refused, since it would change every later step. */
  batchSize?: number;
  /** The best epoch's weights, so early stopping can restore them after a resume. */
  best?: { epoch: number; weights: tf.Tensor[] };
}

/** What callbacks see of the run; the same object for the whole `fit`. */
export interface TrainContext {
  readonly model: tfl.LayersModel;
  readonly optimizer: tf.Optimizer;
  /** Logs of the finished epochs, resumed ones included; grows after each epoch. */
  readonly history: readonly EpochLogs[];
  /** Total epochs of the run (the last epoch is `epochs - 1`). */
  readonly epochs: number;
  readonly seed: number;
  readonly batchSize: number;
  /** The training set's class names, in label order (what a saved model's metadata needs). */
  readonly classNames: readonly string[];
  /** Whether the run validates every epoch (so `valLoss` and `valAccuracy` are in the logs). */
  readonly hasValidation: boolean;
  /** The snapshot the run resumed from, if it did. */
  readonly resume?: TrainerSnapshot;
}

/** A batch about to train, passed to {@link TrainerCallback.onBatchBegin}. */
export interface BatchStart {
  /** 0-based epoch. */
  epoch: number;
  epochs: number;
  /** 0-based batch within the epoch. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** Images in this batch: the batch size, or fewer in an epoch's last batch. */
  images: number;
  /** Learning rate this batch trains at. */
  rate: number;
}

/** One finished batch, for progress displays. */
export interface BatchProgress {
  /** 0-based epoch. */
  epoch: number;
  epochs: number;
  /** 0-based batch within the epoch. */
  batch: number;
  /** Batches per epoch. */
  batches: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  /** Loss of this batch alone. */
  batchLoss: number;
  /** Accuracy of this batch alone, over its labelled images; NaN when it holds only outliers. */
  batchAccuracy: number;
  /** Learning rate this batch trained at. */
  rate: number;
  /** Training images seen so far in this epoch. */
  seen: number;
  /** Training images per epoch. */
  size: number;
  /** Training throughput of this epoch so far. */
  samplesPerSecond: number;
  /** Estimated seconds until the last epoch's training ends, at this epoch's throughput (validation not counted). */
  etaSeconds: number;
}

/** Timing of a finished epoch, passed to {@link TrainerCallback.onEpochEnd} beside its logs. */
export interface EpochTiming {
  /** Wall time of the epoch, validation included. */
  seconds: number;
  /** Training images per second (validation not counted). */
  samplesPerSecond: number;
}

/** How a run ended, passed to {@link TrainerCallback.onTrainEnd}. */
export interface TrainEnd {
  history: readonly EpochLogs[];
  /** A callback asked to stop before the last epoch. */
  stoppedEarly: boolean;
  /** Set when training failed or was aborted; the trainer rethrows it after the callbacks ran. */
  error?: unknown;
}

/** What `onEpochEnd` returns: `'stop'` ends the run after this epoch. */
// biome-ignore lint/suspicious/noConfusingVoidType: callbacks that return nothing, async ones included, must fit.
export type EpochEndResult = void | 'stop' | Promise<void | 'stop'>;

/**
 * Hooks into a run of `Trainer.fit`. Every method is optional and may be async (the trainer awaits it).
 * `onEpochEnd` may return `'stop'` to end the run after that epoch.
 */
export interface TrainerCallback {
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(epoch: number, ctx: TrainContext): void | Promise<void>;
  onBatchBegin?(start: BatchStart, ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(progress: BatchProgress, ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(logs: EpochLogs, ctx: TrainContext, timing: EpochTiming): EpochEndResult;
  /** Runs however the run ends, errors included: the place to free what the callback holds. */
  onTrainEnd?(end: TrainEnd, ctx: TrainContext): void | Promise<void>;
}
