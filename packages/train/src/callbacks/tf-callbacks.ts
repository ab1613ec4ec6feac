import type * as tfl from '@tensorflow/tfjs-layers';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { EpochLogs } from '../types.js';
import type { BatchProgress, BatchStart, TrainContext, TrainerCallback } from './callback.js';

const HOOKS = [
  'onTrainBegin',
  'onTrainEnd',
  'onEpochBegin',
  'onEpochEnd',
  'onBatchBegin',
  'onBatchEnd',
  'onYield',
] as const;

/**
 * Lets callbacks written for tfjs's `model.fit` watch a `Trainer`: tfjs-vis's `show.fitCallbacks(container,
 * metrics)`, a `tf.CustomCallback`, or any object of `onTrainBegin`, `onEpochBegin`, `onEpochEnd(epoch, logs)`,
 * `onBatchBegin`, `onBatchEnd(batch, logs)`, `onYield(epoch, batch, logs)` and `onTrainEnd`. Each is called when
 * tfjs would call it, with logs named as tfjs names them:
 * - `onBatchBegin(batch, { batch, size })`, `size` being the images in the batch (tfjs documents these, though
 *   its own `fit` fills them in only after the call);
 * - `onBatchEnd(batch, { batch, size, loss, acc })` and `onYield(epoch, batch, logs)`, with the loss and accuracy
 *   of that batch alone, as tfjs reports them;
 * - `onEpochEnd(epoch, { loss, acc, val_loss, val_acc })`, the validation values when `fit` has `val`.
 *
 * A value tfjs would not have (the accuracy of a batch of outliers only) is left out, and tfjs-vis skips a
 * metric missing from the logs rather than plotting a gap. Epochs count on from a resumed run's history, like
 * tfjs's `initialEpoch`. `onTrainEnd` runs however the run ends, errors included, so it can free what it holds.
 *
 * A `tf.Callback` (such as `tf.callbacks.earlyStopping()`) gets the model and the run's parameters first, as
 * `model.fit` gives them, and setting `model.stopTraining = true` ends the run after that epoch (tfjs would
 * stop after the batch).
 *
 * @example
 * import * as tfvis from '@tensorflow/tfjs-vis';
 * const charts = tfvis.show.fitCallbacks({ name: 'Training' }, ['loss', 'acc', 'val_loss', 'val_acc']);
 * await trainer.fit(train, { val, epochs: 10, callbacks: [fromTfCallbacks(charts)] });
 */
export function fromTfCallbacks(callbacks: tfl.CustomCallbackArgs): TrainerCallback;
/** A `tf.Callback`, such as `tf.callbacks.earlyStopping()`, watching a `Trainer` (see the overload above). */
export function fromTfCallbacks(callbacks: tfl.Callback): TrainerCallback;
export function fromTfCallbacks(callbacks: tfl.CustomCallbackArgs | tfl.Callback): TrainerCallback {
  if (typeof callbacks !== 'object' || callbacks === null) {
    throw new InvalidArgumentError(
      `fromTfCallbacks needs an object of tfjs callbacks (onEpochEnd, onBatchEnd...), got ${callbacks === null ? 'null' : typeof callbacks}.`,
    );
  }
  // One shape for both: a tf.Callback's hooks take wider logs (tensors allowed), so ours fit them.
  const args = callbacks as tfl.CustomCallbackArgs & Partial<Pick<tfl.Callback, 'setModel' | 'setParams'>>;
  for (const hook of HOOKS) {
    if (args[hook] !== undefined && typeof args[hook] !== 'function') {
      throw new InvalidArgumentError(
        `fromTfCallbacks: ${hook} must be a function, got ${typeof args[hook]}.`,
      );
    }
  }
  // tfjs gives a batch's size with its end too, and BatchProgress has none: it is kept from the batch's start.
  let size = 0;
  let stop = false;
  return {
    async onTrainBegin(ctx: TrainContext) {
      args.setParams?.({
        epochs: ctx.epochs,
        initialEpoch: ctx.history.length,
        batchSize: ctx.batchSize,
        doValidation: ctx.hasValidation,
        metrics: ctx.hasValidation ? ['loss', 'acc', 'val_loss', 'val_acc'] : ['loss', 'acc'],
        verbose: 0,
      });
      stop = false;
      args.setModel?.(stoppable(ctx.model, (value) => (stop = value)));
      await args.onTrainBegin?.();
    },
    async onEpochBegin(epoch: number) {
      await args.onEpochBegin?.(epoch);
    },
    async onBatchBegin(start: BatchStart) {
      size = start.images;
      await args.onBatchBegin?.(start.batch, { batch: start.batch, size });
    },
    async onBatchEnd(p: BatchProgress) {
      const logs = tfBatchLogs(p, size);
      await args.onBatchEnd?.(p.batch, logs);
      await args.onYield?.(p.epoch, p.batch, logs);
    },
    async onEpochEnd(logs: EpochLogs) {
      await args.onEpochEnd?.(logs.epoch, tfEpochLogs(logs));
      if (stop) return 'stop';
    },
    async onTrainEnd() {
      await args.onTrainEnd?.();
    },
  };
}

/**
 * The model as a tf.Callback sees it: the model itself, but for `stopTraining`, which goes to `onStop`. tfjs
 * refuses that flag on a Sequential model that was never compiled, and the Trainer compiles none.
 */
function stoppable(model: tfl.LayersModel, onStop: (stop: boolean) => void): tfl.LayersModel {
  let stop = false;
  return new Proxy(model, {
    get: (target, key) => (key === 'stopTraining' ? stop : Reflect.get(target, key)),
    set: (target, key, value) => {
      if (key !== 'stopTraining') return Reflect.set(target, key, value);
      stop = Boolean(value);
      onStop(stop);
      return true;
    },
  });
}

/** A finished batch's logs as tfjs's `model.fit` gives them to `onBatchEnd`: `{ batch, size, loss, acc }`. */
function tfBatchLogs(p: BatchProgress, size: number): tfl.Logs {
  const logs: tfl.Logs = { batch: p.batch, size, loss: p.batchLoss };
  if (!Number.isNaN(p.batchAccuracy)) logs.acc = p.batchAccuracy;
  return logs;
}

/** An epoch's logs as tfjs's `model.fit` gives them to `onEpochEnd`: `{ loss, acc, val_loss, val_acc }`. */
function tfEpochLogs(logs: EpochLogs): tfl.Logs {
  const out: tfl.Logs = { loss: logs.loss };
  if (logs.accuracy !== undefined && !Number.isNaN(logs.accuracy)) out.acc = logs.accuracy;
  if (logs.valLoss !== undefined) out.val_loss = logs.valLoss;
  if (logs.valAccuracy !== undefined) out.val_acc = logs.valAccuracy;
  return out;
}
