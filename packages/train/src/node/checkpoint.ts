import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createMetadata, type ModelMetadata } from '@shapes/models';
import { loadModelFromDir, saveModelToDir } from '@shapes/models/node';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainContext, TrainerCallback, TrainerSnapshot } from '../callbacks/callback.js';
import { isImprovement, type Monitor } from '../callbacks/early-stopping.js';
import { CheckpointError } from '../errors/checkpoint-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { captureOptimizerState, type NamedTensor } from '../optimizer-state.js';
import type { EpochLogs } from '../types.js';
import { type FolderLock, isRunning, lockFolder } from './folder-lock.js';

const STATE_FILE = 'state.json';
const OPTIMIZER_FILE = 'optimizer.bin';
const MODEL_DIR = 'model';
const FORMAT = 'shapes-train-checkpoint';
const FORMAT_VERSION = 1;

/** What `state.json` of a checkpoint holds. */
export interface CheckpointState {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  /** ISO 8601 time of writing. */
  savedAt: string;
  /** Logs of every finished epoch; the checkpoint is the state after the last of them. */
  history: EpochLogs[];
  seed: number;
  batchSize: number;
  /** What `best` is chosen by, and the best epoch so far (-1: none). */
  monitor: Monitor;
  bestEpoch: number;
  optimizer: { className: string; weights: tf.io.WeightsManifestEntry[] };
}

/** Options of {@link checkpoints}. */
export interface CheckpointOptions {
  /** Folder of the checkpoints: `dir/last` after every epoch, `dir/best` after every improvement. */
  dir: string;
  /** What picks `best`. Default: `valLoss` when the run validates, `loss` otherwise. */
  monitor?: Monitor;
  /** How much better than the best a value must be to count. Default: 0. */
  minDelta?: number;
  /** Saved with the model. Default: `createMetadata(model, { classNames })` from the training set's classes. */
  metadata?: ModelMetadata;
}

/** The callback {@link checkpoints} returns. */
export interface Checkpoints extends TrainerCallback {
  /** The best epoch so far by the monitor; -1 before the first epoch. */
  readonly bestEpoch: number;
}

/**
 * Saves the run after every epoch, so it survives the process being killed: `dir/last` always, `dir/best` when
 * the monitored value improved. Each is a whole checkpoint (the model in tfjs layers format under `model/`, the
 * optimizer's state in `optimizer.bin`, and `state.json` with the history, seed and batch size), written into a
 * temporary folder and renamed into place, so a kill at any moment leaves the previous checkpoint readable.
 * Resume with {@link loadCheckpoint}. One run at a time per folder: the folder is locked from the start of `fit` to
 * its end, and a second run meets a `FolderLockedError`.
 *
 * @example
 * await trainer.fit(train, { val, epochs: 20, callbacks: [checkpoints({ dir: 'out/ckpt' })] });
 */
export function checkpoints(options: CheckpointOptions): Checkpoints {
  const { dir, minDelta = 0 } = options;
  if (typeof dir !== 'string' || dir === '')
    throw new InvalidArgumentError('checkpoints: dir must be a folder path.');
  let monitor: Monitor = options.monitor ?? 'valLoss';
  let best = Number.NaN;
  let bestEpoch = -1;
  let lock: FolderLock | undefined;
  const observe = (logs: EpochLogs): boolean => {
    const value = logs[monitor] ?? Number.NaN;
    if (!isImprovement(monitor, value, best, minDelta)) return false;
    best = value;
    bestEpoch = logs.epoch;
    return true;
  };
  return {
    get bestEpoch() {
      return bestEpoch;
    },
    onTrainBegin(ctx: TrainContext) {
      monitor = options.monitor ?? (ctx.hasValidation ? 'valLoss' : 'loss');
      if (monitor.startsWith('val') && !ctx.hasValidation) {
        throw new InvalidArgumentError(
          `checkpoints monitors '${monitor}', but fit has no validation set; pass val or use monitor: 'loss'.`,
        );
      }
      best = Number.NaN;
      bestEpoch = -1;
      for (const logs of ctx.history) observe(logs);
      lock = lockFolder(dir, 'training with checkpoints');
    },
    onTrainEnd() {
      lock?.release();
      lock = undefined;
    },
    async onEpochEnd(logs: EpochLogs, ctx: TrainContext) {
      const improved = observe(logs);
      const write = (name: string) =>
        saveCheckpoint(path.join(dir, name), ctx, { monitor, bestEpoch, metadata: options.metadata });
      // best before last: killed in between, `last` is one epoch behind `best`, and resuming from it redoes that
      // epoch (deterministically) and writes both again, rather than leaving `best` stale behind `last`.
      if (improved) await write('best');
      await write('last');
    },
  };
}

/** What {@link saveCheckpoint} needs beyond the run's context. */
export interface SaveCheckpointOptions {
  monitor: Monitor;
  bestEpoch: number;
  metadata?: ModelMetadata | undefined;
}

/**
 * Writes one checkpoint folder atomically: everything goes into a temporary sibling folder, which then replaces
 * `target` by two renames. A kill before them leaves the old checkpoint; a kill between them leaves it as
 * `.<name>.old`, which {@link loadCheckpoint} and the next save pick up.
 */
export async function saveCheckpoint(
  target: string,
  ctx: Pick<TrainContext, 'model' | 'optimizer' | 'history' | 'seed' | 'batchSize' | 'classNames'>,
  options: SaveCheckpointOptions,
): Promise<void> {
  const parent = path.dirname(target);
  const name = path.basename(target);
  await fs.mkdir(parent, { recursive: true });
  await recover(target);
  await removeStaleTemps(parent, name);
  const tmp = path.join(parent, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await fs.mkdir(tmp);
    const metadata = options.metadata ?? createMetadata(ctx.model, { classNames: [...ctx.classNames] });
    await saveModelToDir(ctx.model, path.join(tmp, MODEL_DIR), metadata);
    const captured = await captureOptimizerState(ctx.optimizer);
    let encoded: { data: ArrayBuffer; specs: tf.io.WeightsManifestEntry[] };
    try {
      encoded = await tf.io.encodeWeights(captured);
    } finally {
      tf.dispose(captured.map((w) => w.tensor));
    }
    const state: CheckpointState = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      savedAt: new Date().toISOString(),
      history: [...ctx.history],
      seed: ctx.seed,
      batchSize: ctx.batchSize,
      monitor: options.monitor,
      bestEpoch: options.bestEpoch,
      optimizer: { className: ctx.optimizer.getClassName(), weights: encoded.specs },
    };
    await writeDurably(path.join(tmp, OPTIMIZER_FILE), new Uint8Array(encoded.data));
    // state.json last: a folder with it is complete.
    await writeDurably(path.join(tmp, STATE_FILE), `${JSON.stringify(state, null, 1)}\n`);
    await syncDir(tmp);
    const old = oldPath(target);
    await fs.rm(old, { recursive: true, force: true });
    if (await exists(target)) await fs.rename(target, old);
    await fs.rename(tmp, target);
    await syncDir(parent);
    await fs.rm(old, { recursive: true, force: true });
  } catch (error) {
    await fs.rm(tmp, { recursive: true, force: true });
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`Cannot write the checkpoint "${target}": ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** A checkpoint read back by {@link loadCheckpoint}. */
export interface LoadedCheckpoint {
  /** The model as it was after the checkpoint's last epoch (frozen layers included). */
  model: tfl.LayersModel;
  metadata: ModelMetadata;
  state: CheckpointState;
  /** Pass as `fit(train, { resume })` to a trainer of this model. */
  resume: TrainerSnapshot;
  /** Frees the snapshot's tensors (not the model); call it once `fit` has started or finished. */
  dispose(): void;
}

/**
 * Reads the checkpoint `dir/last` (or `dir/best`) written by {@link checkpoints}: the model, its metadata, the
 * state, and a snapshot to resume from, which carries the optimizer's state and, from `last`, the best
 * checkpoint's weights when they are the best epoch of its history (so early stopping can still restore them).
 *
 * @example
 * const ckpt = await loadCheckpoint('out/ckpt');
 * const trainer = new Trainer({ model: ckpt.model, learningRate: schedule });
 * await trainer.fit(train, { val, epochs: 20, resume: ckpt.resume, callbacks: [checkpoints({ dir: 'out/ckpt' })] });
 * ckpt.dispose();
 */
export async function loadCheckpoint(
  dir: string,
  which: 'last' | 'best' = 'last',
): Promise<LoadedCheckpoint> {
  const loaded = await loadOne(path.join(dir, which));
  const resume: TrainerSnapshot = {
    history: loaded.state.history,
    seed: loaded.state.seed,
    batchSize: loaded.state.batchSize,
    optimizerClass: loaded.state.optimizer.className,
    optimizer: loaded.optimizer,
  };
  const { bestEpoch } = loaded.state;
  if (which === 'last' && bestEpoch >= 0 && bestEpoch !== loaded.state.history.length - 1) {
    const best = await readState(path.join(dir, 'best')).catch(() => undefined);
    if (best && best.state.history.length - 1 === bestEpoch && best.state.monitor === loaded.state.monitor) {
      const { model } = await loadModelFromDir(path.join(best.folder, MODEL_DIR));
      resume.best = { epoch: bestEpoch, weights: model.getWeights().map((w) => w.clone()) };
      model.dispose();
    }
  }
  return {
    model: loaded.model,
    metadata: loaded.metadata,
    state: loaded.state,
    resume,
    dispose() {
      tf.dispose([...(resume.optimizer ?? []).map((w) => w.tensor), ...(resume.best?.weights ?? [])]);
    },
  };
}

async function loadOne(target: string) {
  const { folder, state } = await readState(target);
  const { model, metadata } = await loadModelFromDir(path.join(folder, MODEL_DIR));
  try {
    const file = path.join(folder, OPTIMIZER_FILE);
    const bytes = await fs.readFile(file);
    const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    let map: tf.NamedTensorMap;
    try {
      map = tf.io.decodeWeights(data, state.optimizer.weights);
    } catch (cause) {
      throw new CheckpointError(
        `"${file}" does not match the optimizer weights listed in ${STATE_FILE} (${(cause as Error).message}); the checkpoint is damaged.`,
        { cause },
      );
    }
    const optimizer: NamedTensor[] = state.optimizer.weights.map((spec) => ({
      name: spec.name,
      tensor: map[spec.name] as tf.Tensor,
    }));
    return { model, metadata, state, optimizer };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

async function readState(target: string): Promise<{ folder: string; state: CheckpointState }> {
  let folder = target;
  if (!(await exists(target))) {
    if (await exists(oldPath(target))) folder = oldPath(target);
    else
      throw new CheckpointError(
        `No checkpoint at "${target}"; train with the checkpoints({ dir }) callback first.`,
      );
  }
  const file = path.join(folder, STATE_FILE);
  let state: CheckpointState;
  try {
    state = JSON.parse(await fs.readFile(file, 'utf8')) as CheckpointState;
  } catch (cause) {
    throw new CheckpointError(`Cannot read "${file}": ${(cause as Error).message}`, { cause });
  }
  if (state?.format !== FORMAT || state.formatVersion !== FORMAT_VERSION) {
    throw new CheckpointError(
      `"${file}" is not a ${FORMAT} version ${FORMAT_VERSION} file (format ${JSON.stringify(state?.format)}, version ${JSON.stringify(state?.formatVersion)}).`,
    );
  }
  if (!Array.isArray(state.history) || !Number.isInteger(state.seed) || !state.optimizer?.weights) {
    throw new CheckpointError(`"${file}" lacks the history, seed or optimizer entries of a checkpoint.`);
  }
  return { folder, state };
}

/**
 * Whether `dir` holds a checkpoint `which` that {@link loadCheckpoint} can read: none before a run's first epoch
 * has finished. A checkpoint a kill left aside between the two renames of its save counts.
 */
export function hasCheckpoint(dir: string, which: 'last' | 'best' = 'last'): boolean {
  const target = path.join(dir, which);
  return existsSync(target) || existsSync(oldPath(target));
}

const oldPath = (target: string) => path.join(path.dirname(target), `.${path.basename(target)}.old`);

/** Puts back a checkpoint left as `.<name>.old` by a kill between the two renames of a save. */
async function recover(target: string): Promise<void> {
  if (!(await exists(target)) && (await exists(oldPath(target)))) await fs.rename(oldPath(target), target);
}

/**
 * Removes temporary folders that killed saves of this checkpoint left behind: only those of processes that are
 * gone (the pid is part of the name), never a live run's.
 */
async function removeStaleTemps(parent: string, name: string): Promise<void> {
  const prefix = `.${name}.tmp-`;
  for (const entry of await fs.readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
    await fs.rm(path.join(parent, entry), { recursive: true, force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Writes and flushes a file, so a power cut after the rename cannot leave it empty. */
async function writeDurably(file: string, data: string | Uint8Array): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (renames); not possible on Windows, where renames are durable enough. */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open folders; nothing to do there.
  } finally {
    await handle?.close();
  }
}
