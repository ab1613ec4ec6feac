import { InvalidArgumentError } from './errors/invalid-argument-error.js';
import type { EpochLogs } from './types.js';

/** Chooses the learning rate as training goes. */
export interface LearningRateSchedule {
  /**
   * Rate at `epoch`, counted in epochs from 0 with the fraction of the current one done (the Trainer asks
   * before every batch: 2.5 is halfway through the third epoch). Cosine decay follows it smoothly; step decay
   * and reduce-on-plateau change only at whole epochs. `history` holds the finished epochs' logs.
   */
  rate(epoch: number, history: readonly EpochLogs[]): number;
}

function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new InvalidArgumentError(`${name} must be a finite number > 0, got ${value}.`);
  }
}

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got ${value}.`);
  }
}

function requireFactor(value: number): void {
  if (!(value > 0 && value < 1)) {
    throw new InvalidArgumentError(`factor must be in (0, 1) so the rate shrinks, got ${value}.`);
  }
}

function requireEpoch(epoch: number): void {
  if (!(Number.isFinite(epoch) && epoch >= 0)) {
    throw new InvalidArgumentError(`epoch must be a finite number >= 0, got ${epoch}.`);
  }
}

/**
 * The same learning rate for every epoch.
 *
 * @param rate - Learning rate, finite and > 0.
 * @throws {@link InvalidArgumentError} when `rate` is not finite and positive.
 */
export function constantRate(rate: number): LearningRateSchedule {
  requirePositive('rate', rate);
  return {
    rate(epoch) {
      requireEpoch(epoch);
      return rate;
    },
  };
}

/** Options of {@link stepDecay}. */
export interface StepDecayOptions {
  /** Rate of the first `every` epochs. */
  initial: number;
  /** Multiplier applied every `every` epochs, in (0, 1). */
  factor: number;
  /** Number of epochs between reductions, an integer >= 1. */
  every: number;
}

/**
 * Multiplies the rate by `factor` every `every` epochs: `initial * factor ** floor(epoch / every)`.
 *
 * @throws {@link InvalidArgumentError} when an option is out of range.
 */
export function stepDecay({ initial, factor, every }: StepDecayOptions): LearningRateSchedule {
  requirePositive('initial', initial);
  requireFactor(factor);
  requireInteger('every', every, 1);
  return {
    rate(epoch) {
      requireEpoch(epoch);
      return initial * factor ** Math.floor(epoch / every);
    },
  };
}

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  /** Peak rate, reached at the end of warm-up (at epoch 0 without warm-up). */
  initial: number;
  /** Length of the run, warm-up included; the curve reaches `final` at this epoch. */
  epochs: number;
  /** Rate the curve ends at, in [0, initial]; default 0. */
  final?: number;
  /** Epochs of linear warm-up before the decay, fewer than `epochs`; default 0. */
  warmupEpochs?: number;
}

/**
 * Linear warm-up, then half a cosine from `initial` down to `final`.
 *
 * Warm-up epoch `e` trains at `initial * (e + 1) / (warmupEpochs + 1)`: it never starts at 0, which would
 * waste an epoch, and climbs to the peak without repeating it. Epoch `warmupEpochs` is the peak, and the cosine
 * reaches `final` at epoch `epochs`, one past the last epoch of the run, so the last epoch still learns a little
 * (as PyTorch's `CosineAnnealingLR` with `T_max = epochs`). Epochs past the end stay at `final`.
 *
 * @throws {@link InvalidArgumentError} when an option is out of range.
 */
export function cosineDecay({
  initial,
  epochs,
  final = 0,
  warmupEpochs = 0,
}: CosineDecayOptions): LearningRateSchedule {
  requirePositive('initial', initial);
  requireInteger('epochs', epochs, 1);
  if (!(final >= 0 && final <= initial)) {
    throw new InvalidArgumentError(`final must be in [0, initial = ${initial}], got ${final}.`);
  }
  requireInteger('warmupEpochs', warmupEpochs, 0);
  if (warmupEpochs >= epochs) {
    throw new InvalidArgumentError(
      `warmupEpochs (${warmupEpochs}) must be less than epochs (${epochs}) to leave room for the decay.`,
    );
  }
  return {
    rate(epoch) {
      requireEpoch(epoch);
      if (epoch < warmupEpochs) return (initial * (epoch + 1)) / (warmupEpochs + 1);
      const progress = Math.min(1, (epoch - warmupEpochs) / (epochs - warmupEpochs));
      return final + ((initial - final) * (1 + Math.cos(Math.PI * progress))) / 2;
    },
  };
}

/** Options of {@link reduceOnPlateau}. */
export interface ReduceOnPlateauOptions {
  /** Rate until the first reduction. */
  initial: number;
  /** Multiplier applied at each plateau, in (0, 1); default 0.5. */
  factor?: number;
  /** Epochs without improvement that make a plateau, an integer >= 1; default 2. */
  patience?: number;
  /** Floor the rate never goes below, in [0, initial]; default 1e-6. */
  minRate?: number;
  /** Loss to watch, lower being better; default `'valLoss'`, which needs validation every epoch. */
  monitor?: 'valLoss' | 'loss';
  /** How much lower than the best so far a value must be to count as an improvement; default 1e-4. */
  minDelta?: number;
}

/**
 * Multiplies the rate by `factor` whenever the monitored loss has not improved on its best by more than
 * `minDelta` for `patience` epochs in a row, as Keras' `ReduceLROnPlateau` (without cooldown); the count
 * restarts after each reduction and the best value is kept.
 *
 * The rate is recomputed from `history` on every call, replaying the monitored losses from `initial`, with no
 * state kept between calls: training resumed from a checkpoint's history gets the same rates as an
 * uninterrupted run. The `rate` recorded in the logs is not read, so the replay does not depend on which
 * schedule produced them.
 *
 * @throws {@link InvalidArgumentError} when an option is out of range; from `rate()`, when an epoch of `history`
 *   lacks the monitored value (e.g. `'valLoss'` without validation data).
 */
export function reduceOnPlateau({
  initial,
  factor = 0.5,
  patience = 2,
  minRate = 1e-6,
  monitor = 'valLoss',
  minDelta = 1e-4,
}: ReduceOnPlateauOptions): LearningRateSchedule {
  requirePositive('initial', initial);
  requireFactor(factor);
  requireInteger('patience', patience, 1);
  if (!(minRate >= 0 && minRate <= initial)) {
    throw new InvalidArgumentError(`minRate must be in [0, initial = ${initial}], got ${minRate}.`);
  }
  if (monitor !== 'valLoss' && monitor !== 'loss') {
    throw new InvalidArgumentError(`monitor must be 'valLoss' or 'loss', got ${String(monitor)}.`);
  }
  if (!(Number.isFinite(minDelta) && minDelta >= 0)) {
    throw new InvalidArgumentError(`minDelta must be a finite number >= 0, got ${minDelta}.`);
  }
  return {
    rate(epoch, history) {
      requireEpoch(epoch);
      let rate = initial;
      let best = Number.POSITIVE_INFINITY;
      let wait = 0;
      for (const logs of history) {
        const value = logs[monitor];
        if (value === undefined) {
          throw new InvalidArgumentError(
            `reduceOnPlateau monitors '${monitor}', but epoch ${logs.epoch} has none; ` +
              (monitor === 'valLoss'
                ? "validate every epoch or use monitor: 'loss'."
                : 'record it every epoch.'),
          );
        }
        // A NaN loss never compares as better, so it counts towards the plateau.
        if (value < best - minDelta) {
          best = value;
          wait = 0;
        } else if (++wait >= patience) {
          rate = Math.max(rate * factor, minRate);
          wait = 0;
        }
      }
      return rate;
    },
  };
}
