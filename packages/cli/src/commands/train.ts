import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { seedOf } from '@shapes/data';
import {
  calibrateOpenSet,
  classifierOf,
  createDefaultCnn,
  createMetadata,
  createSeedCnn,
  type ModelMetadata,
} from '@shapes/models';
import { saveModelToDir } from '@shapes/models/node';
import {
  concatDatasets,
  cosineDecay,
  type EpochLogs,
  outlierDataset,
  summarizePredictions,
  Trainer,
} from '@shapes/train';
import { checkpoints, hasCheckpoint, loadCheckpoint } from '@shapes/train/node';
import type { Command } from 'commander';
import { ShapesCliError } from '../errors/shapes-cli-error.js';
import { UsageError } from '../errors/usage-error.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { percent } from '../lib/evaluation.js';
import { EXIT } from '../lib/exit-codes.js';
import { assertFreeOutput, lockOutput, writeFileAtomic } from '../lib/output-path.js';
import { parseChoice, parseInteger, parsePositive, parseShapes } from '../lib/parse.js';
import { trainingProgress } from '../lib/progress-callback.js';
import { evaluationSections, historySection } from '../lib/report-data.js';
import { folderSets, generatedSets } from '../lib/training-data.js';
import { samplesOf, writeReport } from '../report/index.js';
import { printEvaluation, reportPath } from './shared.js';

interface TrainOptions extends BackendOptions {
  out: string;
  shapes: string;
  data?: string;
  arch: string;
  perClass: string;
  outliers?: string;
  epochs: string;
  batchSize: string;
  learningRate: string;
  size?: string;
  seed: string;
  tta: boolean;
  resume?: boolean;
  report?: string;
  force?: boolean;
}

/** Everything that decides what a run trains on and how; saved so `--resume` continues the same run. */
interface RunSpec {
  shapes: string[];
  data: string | null;
  arch: 'default' | 'seed';
  perClass: number;
  outliers: number;
  batchSize: number;
  learningRate: number;
  size: number;
  channels: 1 | 3;
  seed: number;
  tta: boolean;
  /** Epochs of the model saved in the folder; below the checkpoint's, `--resume` saves the model again. */
  savedEpochs?: number;
}

const RUN_FILE = 'run.json';
const CHECKPOINTS = 'checkpoints';
// Options that define the run; given again with --resume they must match what the run was started with.
const RUN_OPTIONS: Record<Exclude<keyof RunSpec, 'savedEpochs'>, string> = {
  shapes: '--shapes',
  data: '--data',
  arch: '--arch',
  perClass: '--per-class',
  outliers: '--outliers',
  batchSize: '--batch-size',
  learningRate: '--learning-rate',
  size: '--size',
  channels: '--size',
  seed: '--seed',
  tta: '--no-tta',
};

function specOf(options: TrainOptions): RunSpec {
  const arch = parseChoice('--arch', options.arch, ['default', 'seed'] as const);
  const perClass = parseInteger('--per-class', options.perClass, { min: 1 });
  const size = options.size
    ? parseInteger('--size', options.size, { min: 16, max: 512 })
    : arch === 'seed'
      ? 256
      : 64;
  const channels = arch === 'seed' ? 3 : 1;
  // Outliers are drawn by the default preset (64x64 gray): other input formats train without them.
  const outliersFit = !options.data && size === 64 && channels === 1;
  const outliers = options.outliers
    ? parseInteger('--outliers', options.outliers, { min: 0 })
    : outliersFit
      ? perClass
      : 0;
  if (outliers > 0 && !outliersFit) {
    throw new UsageError(
      '--outliers needs generated 64x64 gray images (no --data, --size 64, --arch default).',
    );
  }
  return {
    shapes: options.data ? [] : parseShapes('--shapes', options.shapes, { min: 2 }),
    data: options.data ? path.resolve(options.data) : null,
    arch,
    perClass,
    outliers,
    batchSize: parseInteger('--batch-size', options.batchSize, { min: 1, max: 4096 }),
    learningRate: parsePositive('--learning-rate', options.learningRate),
    size,
    channels,
    seed: parseInteger('--seed', options.seed, { min: 0 }),
    tta: options.tta,
  };
}

/** The run being resumed, refusing options that would make it another run. */
async function resumedSpec(out: string, options: TrainOptions, cmd: Command): Promise<RunSpec> {
  const file = path.join(out, CHECKPOINTS, RUN_FILE);
  if (!existsSync(file)) {
    throw new UsageError(
      `--resume: "${out}" holds no training run to resume (no ${path.join(CHECKPOINTS, RUN_FILE)}). Train without --resume.`,
    );
  }
  let saved: RunSpec;
  try {
    saved = JSON.parse(await readFile(file, 'utf8')) as RunSpec;
  } catch (error) {
    throw new UsageError(
      `--resume: "${file}" cannot be read (${(error as Error).message}). Start the run over with --force.`,
    );
  }
  const given = specOf(options);
  for (const key of Object.keys(RUN_OPTIONS) as (keyof typeof RUN_OPTIONS)[]) {
    const flag = RUN_OPTIONS[key];
    const name =
      flag === '--no-tta' ? 'tta' : flag.slice(2).replace(/-(.)/g, (_, c: string) => c.toUpperCase());
    if (cmd.getOptionValueSource(name) !== 'cli') continue;
    if (JSON.stringify(given[key]) !== JSON.stringify(saved[key])) {
      throw new UsageError(
        `--resume: the run in "${out}" was started with ${flag} ${JSON.stringify(saved[key])}, not ${JSON.stringify(given[key])}. ` +
          `Drop ${flag} to resume it, or start a new run with --force.`,
      );
    }
  }
  return saved;
}

/** `shapes train`: a base model from generated shapes or an ImageFolder, with checkpoints and an open-set rule. */
export const train = newCommand(
  'train',
  'Train a base model on generated shapes or on your own ImageFolder',
  {
    backend: true,
    examples: [
      'shapes train --out models/base                                # circle, square, triangle; about a minute',
      'shapes train --out models/base --report base.html             # with learning curves and mistakes to look at',
      'shapes train --out models/mine --data my-images/ --epochs 10  # one subfolder per class',
      'shapes train --out models/base --resume --epochs 6            # continue (or extend) a stopped run',
      "shapes train --out models/seed --arch seed --size 64 --per-class 200   # the original demo's network",
    ],
  },
)
  .requiredOption('-o, --out <dir>', 'model folder to write (checkpoints go in <dir>/checkpoints)')
  .option('-s, --shapes <list>', 'generated shapes to learn', 'circle,square,triangle')
  .option('-d, --data <dir>', 'learn from this ImageFolder instead (70% train, 15% validation, 15% test)')
  .option(
    '--arch <name>',
    "default (fast CNN) or seed (the original demo's CNN, 256x256 RGB, slow)",
    'default',
  )
  .option('-n, --per-class <n>', 'generated training images per class', '2000')
  .option(
    '--outliers <n>',
    'random other shapes (polygons, blobs, zigzags, spirals, crosses) trained as "none of these" (default: as many as --per-class)',
  )
  .option('-e, --epochs <n>', 'epochs (with --resume: the new total)', '3')
  .option('--batch-size <n>', 'images per step', '32')
  .option('--learning-rate <x>', 'peak of the cosine schedule', '3e-3')
  .option('--size <px>', 'input side in pixels (default: 64; 256 for --arch seed)')
  .option('--seed <n>', 'seeds the data, the weights and the order', '1')
  .option('--no-tta', 'answer from the image alone, not its 8 rotations and mirror images')
  .option('--resume', 'continue the run in --out from its last checkpoint')
  .option('--report <file>', 'write an HTML report (learning curves, confusion matrix, mistakes)')
  .option('-f, --force', 'replace --out (and --report) if they exist')
  .action(async (options: TrainOptions, cmd: Command) => {
    const out = outputOf(options);
    const dir = path.resolve(options.out);
    const epochs = parseInteger('--epochs', options.epochs, { min: 1, max: 10_000 });
    const report = reportPath(options);
    if (!options.resume) assertFreeOutput(dir, options.force, 'model folder', '--out', 'model');
    // One run per folder from here on: a second one is refused rather than racing this one's saves.
    lockOutput(dir);
    const spec = options.resume ? await resumedSpec(dir, options, cmd) : specOf(options);
    const resumeCommand = `shapes train --out ${options.out} --resume --epochs ${epochs}`;
    const backend = await startBackend(options, out);

    const format = { inputSize: spec.size, channels: spec.channels };
    out.info(
      spec.data
        ? `reading ${spec.data}`
        : `generating ${spec.perClass} images per class of ${spec.shapes.join(', ')}`,
    );
    const sets = spec.data
      ? await folderSets(spec.data, format, spec.seed)
      : await generatedSets({
          shapes: spec.shapes,
          perClass: spec.perClass,
          valPerClass: Math.min(300, Math.max(50, Math.round(spec.perClass / 5))),
          testPerClass: Math.min(500, Math.max(50, Math.round(spec.perClass / 4))),
          seed: spec.seed,
          preset: spec.arch === 'seed' && spec.size === 256 ? 'seed' : 'default',
          format,
        });
    const classNames = sets.train.classNames;
    const trainSet =
      spec.outliers > 0
        ? concatDatasets(sets.train, outlierDataset(spec.outliers, seedOf(spec.seed, 'outliers'), classNames))
        : sets.train;

    const ckptDir = path.join(dir, CHECKPOINTS);
    const runFile = path.join(ckptDir, RUN_FILE);
    // A run interrupted before its first epoch has no checkpoint: resuming it starts over, as printed.
    const ckpt = options.resume && hasCheckpoint(ckptDir) ? await loadCheckpoint(ckptDir) : undefined;
    const done = ckpt?.state.history.length ?? 0;
    // Stopped after its last epoch but before its model was saved (an extended run too): it only needs finishing.
    const finishing =
      done >= epochs && ((spec.savedEpochs ?? 0) < done || !existsSync(path.join(dir, 'model.json')));
    if (ckpt && done >= epochs && !finishing) {
      ckpt.dispose();
      throw new UsageError(
        `--resume: the run in "${dir}" has trained ${done} epochs already; pass --epochs above ${done} to train more.`,
      );
    }
    if (options.resume) {
      out.info(
        finishing
          ? `finishing the run in ${dir}`
          : ckpt
            ? `resuming after epoch ${done} of ${dir}`
            : `no epoch of the run in ${dir} had finished; starting it over`,
      );
    } else {
      if (options.force) await rm(ckptDir, { recursive: true, force: true });
      await writeFileAtomic(runFile, `${JSON.stringify(spec, null, 2)}\n`);
    }
    const create = spec.arch === 'seed' ? createSeedCnn : createDefaultCnn;
    const model =
      ckpt?.model ??
      create({ classes: classNames.length, inputSize: spec.size, channels: spec.channels, seed: spec.seed });
    const provenance = { dataset: sets.provenance, notes: `shapes train (${spec.arch})` };
    const plain = createMetadata(model, { classNames, architecture: spec.arch, provenance });
    const trainer = new Trainer({
      model,
      seed: spec.seed,
      batchSize: spec.batchSize,
      learningRate: cosineDecay({ initial: spec.learningRate, epochs, warmupEpochs: epochs >= 3 ? 1 : 0 }),
    });
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    const started = performance.now();
    let history: EpochLogs[] = ckpt?.state.history ?? [];
    let saved = done;
    try {
      if (!finishing)
        ({ history } = await trainer.fit(trainSet, {
          epochs,
          val: sets.val,
          signal: controller.signal,
          ...(ckpt ? { resume: ckpt.resume } : {}),
          callbacks: [
            trainingProgress(out, 'training'),
            checkpoints({ dir: ckptDir, metadata: plain }),
            {
              onEpochEnd: (logs) => {
                saved = logs.epoch + 1;
              },
            },
          ],
        }));
    } catch (error) {
      if (controller.signal.aborted) {
        throw new ShapesCliError(
          saved === 0
            ? `Interrupted before the first epoch finished, so nothing was saved. Start over with: ${resumeCommand}`
            : `Interrupted. Epoch ${saved} of ${epochs} is saved; continue with: ${resumeCommand}`,
          EXIT.interrupted,
        );
      }
      // A new run that failed before saving an epoch holds nothing to resume: leave no run behind it, so the same
      // command works again once its cause is fixed.
      if (!options.resume && saved === 0) await rm(ckptDir, { recursive: true, force: true });
      throw error;
    } finally {
      process.off('SIGINT', stop);
      ckpt?.dispose();
    }
    const trainSeconds = (performance.now() - started) / 1000;
    trainer.dispose();
    // Training is checkpointed; what follows is not, so Ctrl-C now says how to finish rather than lose the run.
    const late = () => {
      process.stderr.write(`\nInterrupted before the model was saved. Finish with: ${resumeCommand}\n`);
      process.exit(EXIT.interrupted);
    };
    process.once('SIGINT', late);

    out.info('calibrating "unknown" on validation images and testing on held-out images');
    const rule = calibrateOpenSet(model, sets.val, { tta: spec.tta });
    const metadata: ModelMetadata = { ...plain, openSet: rule };
    const classifier = classifierOf(model, metadata);
    const predictions = classifier.predict(sets.test);
    const truth = Array.from(sets.test.labels, (l) => classNames[l] as string);
    const summary = summarizePredictions(predictions, truth, classNames);
    await saveModelToDir(model, dir, metadata, { overwrite: true });
    // After the model: a kill in between leaves savedEpochs behind, so the next --resume saves it again.
    await writeFileAtomic(runFile, `${JSON.stringify({ ...spec, savedEpochs: history.length }, null, 2)}\n`);
    process.off('SIGINT', late);

    if (report) {
      await writeReport(report, {
        title: `shapes train: ${classNames.join(', ')}`,
        subtitle: `${spec.arch} CNN, ${epochs} epochs, ${backend.backend} backend, ${new Date().toISOString()}`,
        sections: [
          {
            kind: 'summary',
            title: 'Summary',
            rows: [
              ['model', dir],
              ['classes', classNames.join(', ')],
              [
                'training images',
                `${sets.train.shape[0]}${spec.outliers > 0 ? ` + ${spec.outliers} outliers` : ''}`,
              ],
              ['training time', `${trainSeconds.toFixed(1)} s`],
              ['held-out test accuracy', percent(summary.accuracy)],
              [
                'unknown rule',
                `${rule.method} score below ${rule.threshold.toFixed(3)} (keeps ${percent(rule.knownRate)} of known images)`,
              ],
            ],
          },
          historySection('Learning curves', history),
          ...evaluationSections(
            'Held-out test images',
            summary,
            samplesOf(sets.test, predictions, truth, classNames),
          ),
        ],
      });
    }
    out.result(
      {
        model: dir,
        classNames,
        arch: spec.arch,
        backend: backend.backend,
        epochs,
        trainSeconds: +trainSeconds.toFixed(1),
        history,
        test: summary,
        openSet: { method: rule.method, threshold: rule.threshold, knownRate: rule.knownRate, tta: spec.tta },
        report: report ?? null,
      },
      () =>
        [
          `trained ${classNames.join(', ')} in ${trainSeconds.toFixed(1)} s; saved to ${dir}`,
          '',
          'held-out test images:',
          printEvaluation(summary),
          ...(report ? ['', `report: ${report}`] : []),
        ].join('\n'),
    );
  });
