import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { EpochLogs } from '../types.js';
import type { TrainContext, TrainerCallback } from './callback.js';

/** A value in the epoch logs that early stopping and checkpoints can watch. */
export type Monitor = 'valLoss' | 'valAccuracy' | 'loss' | 'accuracy';

/** Options of {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** Default: `valLoss` (losses are minimised, accuracies maximised). */
  monitor?: Monitor;
  /** Epochs without improvement before stopping, an integer >= 1. Default: 3. */
  patience?: number;
  /** How much better than the best so far a value must be to count as an improvement. Default: 0. */
  minDelta?: number;
  /** Put the best epoch's weights back when training ends. Default: true. */
  restoreBestWeights?: boolean;
}

/** The callback {@link earlyStopping} returns, with what it found. */
export interface EarlyStopping extends TrainerCallback {
  /** Epoch with the best monitored value so far; -1 before the first epoch. */
  readonly bestEpoch: number;
  readonly bestValue: number;
  /** Epoch after which it stopped training; -1 if it did not. */
  readonly stoppedEpoch: number;
  /** Whether it put the best epoch's weights back at the end. */
  readonly restored: boolean;
}

/**
 * Stops training once the monitored value has not improved for `patience` epochs and, unless told not to, puts
 * back the weights of the best epoch when training ends, stopped or not (tfjs's own `earlyStopping` cannot
 * restore weights). It holds one copy of the weights, freed at the end however training ends.
 *
 * Its state is replayed from the run's history, so a resumed run stops where an uninterrupted one would. The
 * best weights survive a resume when the snapshot carries them (`loadCheckpoint` does, from the checkpoint's
 * `best`, when that was chosen by the same monitor); otherwise only improvements after the resume can be restored.
 *
 * @example trainer.fit(train, { val, epochs: 50, callbacks: [earlyStopping({ monitor: 'valLoss', patience: 5 })] });
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): EarlyStopping {
  const { monitor = 'valLoss', patience = 3, minDelta = 0, restoreBestWeights = true } = options;
  if (!MONITORS.includes(monitor)) {
    throw new InvalidArgumentError(`monitor must be one of ${MONITORS.join(', ')}, got ${String(monitor)}.`);
  }
  if (!Number.isInteger(patience) || patience < 1) {
    throw new InvalidArgumentError(`patience must be an integer >= 1, got ${patience}.`);
  }
  if (!(Number.isFinite(minDelta) && minDelta >= 0)) {
    throw new InvalidArgumentError(`minDelta must be a finite number >= 0, got ${minDelta}.`);
  }
  let best = Number.NaN;
  let bestEpoch = -1;
  let wait = 0;
  let stoppedEpoch = -1;
  let restored = false;
  let weights: tf.Tensor[] | undefined;

  const keep = (snapshot: tf.Tensor[]) => {
    for (const w of weights ?? []) w.dispose();
    weights = snapshot;
  };
  const observe = (logs: EpochLogs): boolean => {
    const value = logs[monitor] ?? Number.NaN;
    if (isImprovement(monitor, value, best, minDelta)) {
      best = value;
      bestEpoch = logs.epoch;
      wait = 0;
      return true;
    }
    wait++;
    return false;
  };

  return {
    get bestEpoch() {
      return bestEpoch;
    },
    get bestValue() {
      return best;
    },
    get stoppedEpoch() {
      return stoppedEpoch;
    },
    get restored() {
      return restored;
    },
    onTrainBegin(ctx: TrainContext) {
      if (monitor.startsWith('val') && !ctx.hasValidation) {
        throw new InvalidArgumentError(
          `earlyStopping monitors '${monitor}', but fit has no validation set; pass val or use monitor: 'loss'.`,
        );
      }
      best = Number.NaN;
      bestEpoch = -1;
      wait = 0;
      stoppedEpoch = -1;
      restored = false;
      for (const logs of ctx.history) observe(logs);
      if (!restoreBestWeights || bestEpoch < 0) return;
      if (bestEpoch === ctx.history.length - 1) keep(copyWeights(ctx.model));
      else if (ctx.resume?.best?.epoch === bestEpoch) keep(ctx.resume.best.weights.map((w) => w.clone()));
    },
    onEpochEnd(logs: EpochLogs, ctx: TrainContext) {
      if (observe(logs)) {
        if (restoreBestWeights) keep(copyWeights(ctx.model));
      } else if (wait >= patience) {
        stoppedEpoch = logs.epoch;
        return 'stop';
      }
    },
    onTrainEnd(end, ctx: TrainContext) {
      try {
        const last = end.history.at(-1)?.epoch;
        if (!end.error && weights && bestEpoch !== last) {
          ctx.model.setWeights(weights);
          restored = true;
        }
      } finally {
        keep([]);
        weights = undefined;
      }
    },
  };
}

const MONITORS: readonly Monitor[] = ['valLoss', 'valAccuracy', 'loss', 'accuracy'];

/** Whether `value` beats `best` by more than `minDelta` (losses down, accuracies up); NaN never does. */
export function isImprovement(monitor: Monitor, value: number, best: number, minDelta: number): boolean {
  if (Number.isNaN(value)) return false;
  if (Number.isNaN(best)) return true;
  return monitor.endsWith('oss') ? value < best - minDelta : value > best + minDelta;
}

/**
 * Copies of the model's weights. `getWeights` returns the variables themselves, whose values the next step
 * replaces; a clone shares the current value's memory rather than copying it, and keeps it alive.
 */
function copyWeights(model: tfl.LayersModel): tf.Tensor[] {
  return model.getWeights().map((w) => w.clone());
}
