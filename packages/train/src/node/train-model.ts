import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { type Dataset, seedOf } from '@shapes/data';
import {
  calibrateOpenSet,
  classifierOf,
  createDefaultCnn,
  createMetadata,
  createSeedCnn,
  type ModelMetadata,
  type OpenSetRule,
  setPreprocessing,
} from '@shapes/models';
import { MODEL_JSON_FILE, saveModelToDir } from '@shapes/models/node';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { TrainerCallback } from '../callbacks/callback.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ResumeError } from '../errors/resume-error.js';
import { TrainingInterruptedError } from '../errors/training-interrupted-error.js';
import { concatDatasets, outlierDataset } from '../experiments/outliers.js';
import { cosineDecay } from '../lr-schedule.js';
import type { AnsweredSet } from '../metrics/answer-set.js';
import { answerSet } from '../metrics/answer-set.js';
import { Trainer } from '../trainer.js';
import type { EpochLogs } from '../types.js';
import { BASE_DEFAULTS } from '../workflows/defaults.js';
import { checkpoints, hasCheckpoint, type LoadedCheckpoint, loadCheckpoint } from './checkpoint.js';
import {
  CHECKPOINTS_DIR,
  holdsCheckpointedRun,
  type RunOptions,
  resolveRun,
  resumedRun,
  type TrainingRun,
  writeRun,
} from './training-run.js';
import { folderSets, generatedSets, type TrainingSets } from './training-sets.js';

/** Options of {@link trainModel}: the run's own ({@link RunOptions}) and how this call goes about it. */
export interface TrainModelOptions extends RunOptions {
  /** The model folder: the model is saved in it, the run's checkpoints and `run.json` in `<dir>/checkpoints`. */
  dir: string;
  /** Epochs the run reaches in total; with `resume`, the new total (a larger one extends the run). Default: 3. */
  epochs?: number;
  /**
   * Continue the run in `dir` after its last saved epoch, with the run options it was started with (any given
   * here must equal them). A run stopped before its first epoch ended starts over; one stopped after training
   * but before its model was saved is only finished.
   */
  resume?: boolean;
  /** Start a new run in a folder that holds a model or a run already, deleting that run's checkpoints. */
  overwrite?: boolean;
  /**
   * Stops the run: between batches while training (every finished epoch stays saved), or before the model is
   * saved once training is over (a save under way completes). Either way `trainModel` then rejects with a
   * `TrainingInterruptedError`.
   */
  signal?: AbortSignal;
  /** Called during training, e.g. for a progress bar; the checkpoints are saved after them each epoch. */
  callbacks?: readonly TrainerCallback[];
  /** Called at the start of each step (resuming, making the data, calibrating) with what it does. */
  onStep?: (message: string) => void;
  /** Saved in the model's metadata as its provenance notes. */
  notes?: string;
}

/** What {@link trainModel} trained, measured and saved. */
export interface TrainedModel {
  /** The model folder, absolute. */
  dir: string;
  /** The run as `run.json` holds it now. */
  run: TrainingRun;
  epochs: number;
  /** The trained model, also saved in `dir`; the caller disposes it. */
  model: tfl.LayersModel;
  /** Its metadata, the open-set rule included. */
  metadata: ModelMetadata;
  classNames: string[];
  /** One entry per epoch, those of earlier sessions of a resumed run included. */
  history: EpochLogs[];
  /** Seconds this call trained (0 when it only finished a run). */
  trainSeconds: number;
  /** Training images of the classes (outliers not counted). */
  trainImages: number;
  /** The rule that answers `unknown`, calibrated on the validation images. */
  openSet: OpenSetRule;
  /** Held-out test images, never trained or calibrated on, with the model's answers and their summary. */
  test: AnsweredSet;
}

/**
 * Trains a base model on generated shapes or an ImageFolder, checkpointed every epoch so that a run stopped at
 * any moment (a kill included) resumes where it was; then calibrates its open-set rule (`unknown`) on validation
 * images, tests it on held-out images and saves it to `dir`.
 *
 * Errors are the package's: a `ResumeError` when the run cannot be resumed as asked, a `TrainingInterruptedError`
 * when `signal` stopped it, an `InvalidArgumentError` for a folder that holds a run already (without
 * `overwrite`) or options that cannot be used. A new run that fails before its first epoch is saved leaves no
 * run behind, so the same call works again once the cause is fixed.
 *
 * @example
 * const controller = new AbortController();
 * process.once('SIGINT', () => controller.abort());
 * const trained = await trainModel({ dir: 'models/base', epochs: 5, signal: controller.signal });
 * console.log(trained.test.summary.accuracy);
 * // later, after an interruption, or to train 10 epochs in all:
 * await trainModel({ dir: 'models/base', epochs: 10, resume: true });
 */
export async function trainModel(options: TrainModelOptions): Promise<TrainedModel> {
  const { onStep = () => {} } = options;
  const dir = path.resolve(options.dir);
  const epochs = options.epochs ?? BASE_DEFAULTS.epochs;
  const ckptDir = path.join(dir, CHECKPOINTS_DIR);
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new InvalidArgumentError(`epochs must be a positive integer, got ${epochs}.`);
  }
  if (!options.resume && !options.overwrite && holdsRun(dir)) {
    throw new InvalidArgumentError(
      `"${dir}" holds a model or a training run already; resume it, or pass overwrite to start a new one.`,
    );
  }
  const run = options.resume ? await resumedRun(dir, options) : resolveRun(options);
  // A run stopped before its first epoch ended has no checkpoint: resuming it starts over.
  const ckpt = options.resume && hasCheckpoint(ckptDir) ? await loadCheckpoint(ckptDir) : undefined;
  // Until it is returned, the model is this call's to free, whatever stops it.
  let model = ckpt?.model;
  try {
    const done = ckpt?.state.history.length ?? 0;
    // Stopped after its last epoch but before its model was saved (an extended run too): it only needs finishing.
    const finishing =
      done >= epochs && ((run.savedEpochs ?? 0) < done || !existsSync(path.join(dir, MODEL_JSON_FILE)));
    if (ckpt && done >= epochs && !finishing) {
      throw new ResumeError(
        { reason: 'trained', epochs: done },
        `The run in "${dir}" has trained ${done} epochs already; ask for more than ${done} to train more.`,
      );
    }
    if (options.resume) onStep(resumeStep(dir, finishing, ckpt));
    onStep(
      run.data
        ? `reading ${run.data}`
        : `generating ${run.perClass} images per class of ${run.shapes.join(', ')}`,
    );
    const sets = await setsOf(run);
    if (!options.resume) {
      // A new run: whatever checkpoints are there belong to the run it replaces, or to none.
      await rm(ckptDir, { recursive: true, force: true });
      await writeRun(dir, run);
    }
    const classNames = [...sets.train.classNames];
    const create = run.arch === 'seed' ? createSeedCnn : createDefaultCnn;
    model ??= create({
      classes: classNames.length,
      inputSize: run.size,
      channels: run.channels,
      seed: run.seed,
    });
    // The seed CNN stays the original demo's, which took images as they are.
    if (run.arch !== 'seed') setPreprocessing(model, BASE_DEFAULTS.preprocessing);
    const session: Session = { dir, run, epochs, sets, classNames, model, ckpt, finishing, options };
    return await finishRun(session, await fitRun(session));
  } catch (error) {
    model?.dispose();
    throw error;
  } finally {
    ckpt?.dispose();
  }
}

/** One call's run: what it trains, on what, from where and how far. */
interface Session {
  dir: string;
  run: TrainingRun;
  epochs: number;
  sets: RunSets;
  classNames: string[];
  model: tfl.LayersModel;
  ckpt: LoadedCheckpoint | undefined;
  finishing: boolean;
  options: TrainModelOptions;
}

/** The run's images: `fit` is the training images with the outliers, when there are any. */
type RunSets = TrainingSets & { fit: Dataset };

/**
 * Whether `dir` holds a saved model or a run (its `run.json`). A checkpoints folder without one is what a run
 * killed while starting leaves: nothing to resume or keep.
 */
function holdsRun(dir: string): boolean {
  return existsSync(path.join(dir, MODEL_JSON_FILE)) || holdsCheckpointedRun(dir);
}

function resumeStep(dir: string, finishing: boolean, ckpt: LoadedCheckpoint | undefined): string {
  if (finishing) return `finishing the run in ${dir}`;
  if (ckpt) return `resuming after epoch ${ckpt.state.history.length} of ${dir}`;
  return `no epoch of the run in ${dir} had finished; starting it over`;
}

/** The run's training, validation and test images; outliers join the training images only. */
async function setsOf(run: TrainingRun): Promise<RunSets> {
  const format = { inputSize: run.size, channels: run.channels };
  const sets = run.data
    ? await folderSets(run.data, format, run.seed)
    : await generatedSets({
        shapes: run.shapes,
        perClass: run.perClass,
        valPerClass: Math.min(300, Math.max(50, Math.round(run.perClass / 5))),
        testPerClass: Math.min(500, Math.max(50, Math.round(run.perClass / 4))),
        seed: run.seed,
        preset: run.arch === 'seed' && run.size === 256 ? 'seed' : 'default',
        format,
      });
  if (run.outliers === 0) return { ...sets, fit: sets.train };
  const outliers = outlierDataset(run.outliers, seedOf(run.seed, 'outliers'), sets.train.classNames);
  return { ...sets, fit: concatDatasets(sets.train, outliers) };
}

/** Trains the model up to `epochs`, from the checkpoint when there is one; a run being finished trains nothing. */
async function fitRun(session: Session) {
  const { dir, run, epochs, sets, model, ckpt, options } = session;
  const { signal } = options;
  const ckptDir = path.join(dir, CHECKPOINTS_DIR);
  const provenance = { dataset: sets.provenance, ...(options.notes ? { notes: options.notes } : {}) };
  const metadata = createMetadata(model, {
    classNames: session.classNames,
    architecture: run.arch,
    provenance,
  });
  const trainer = new Trainer({
    model,
    seed: run.seed,
    batchSize: run.batchSize,
    learningRate: cosineDecay({ initial: run.learningRate, epochs, warmupEpochs: epochs >= 3 ? 1 : 0 }),
  });
  const started = performance.now();
  let history: EpochLogs[] = ckpt?.state.history ?? [];
  let saved = history.length;
  try {
    if (!session.finishing) {
      signal?.throwIfAborted();
      ({ history } = await trainer.fit(sets.fit, {
        epochs,
        val: sets.val,
        ...(signal ? { signal } : {}),
        ...(ckpt ? { resume: ckpt.resume } : {}),
        callbacks: [
          ...(options.callbacks ?? []),
          checkpoints({ dir: ckptDir, metadata }),
          {
            // After the checkpoint's save: counts the epochs a resume would find.
            onEpochEnd: (logs) => {
              saved = logs.epoch + 1;
            },
          },
        ],
      }));
    }
  } catch (error) {
    if (signal?.aborted) throw new TrainingInterruptedError(saved, epochs, 'training', { cause: error });
    // A new run that failed before saving an epoch holds nothing to resume: leave no run behind it.
    if (!options.resume && saved === 0) await rm(ckptDir, { recursive: true, force: true });
    throw error;
  } finally {
    trainer.dispose();
  }
  return { metadata, history, trainSeconds: (performance.now() - started) / 1000 };
}

/** Calibrates the open-set rule, tests the model on held-out images and saves it; then `run.json` says so. */
async function finishRun(
  session: Session,
  trained: Awaited<ReturnType<typeof fitRun>>,
): Promise<TrainedModel> {
  const { dir, run, epochs, sets, classNames, model, options } = session;
  const { history } = trained;
  options.onStep?.('calibrating "unknown" on validation images and testing on held-out images');
  const openSet = calibrateOpenSet(model, sets.val, { tta: run.tta });
  const metadata: ModelMetadata = { ...trained.metadata, openSet };
  const test = answerSet(classifierOf(model, metadata), sets.test);
  // Training is checkpointed; the save is not, so an abort stops before it and a resume finishes the run. The
  // calibration above blocks the event loop: an abort that came meanwhile (a Ctrl-C) arrives first.
  await signalsArrive();
  if (options.signal?.aborted) {
    throw new TrainingInterruptedError(history.length, epochs, 'saving', { cause: options.signal.reason });
  }
  await saveModelToDir(model, dir, metadata, { overwrite: true });
  // After the model: a kill in between leaves savedEpochs behind, so the next resume saves the model again.
  const saved = { ...run, savedEpochs: history.length };
  await writeRun(dir, saved);
  return {
    dir,
    run: saved,
    epochs,
    model,
    metadata,
    classNames,
    history,
    trainSeconds: trained.trainSeconds,
    trainImages: sets.train.shape[0],
    openSet,
    test,
  };
}

/**
 * Lets signals that came while the event loop was blocked reach their handlers: two turns of the loop, since
 * only the second is sure to poll for them.
 */
async function signalsArrive(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
}
