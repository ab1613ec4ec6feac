import * as path from 'node:path';
import {
  ResumeError,
  type RunOptions,
  type TrainedModel,
  TrainingInterruptedError,
  trainingLogFile,
  trainModel,
  writeReport,
} from '@shapes/train/node';
import type { Command } from 'commander';
import { ShapesCliError } from '../errors/shapes-cli-error.js';
import { UsageError } from '../errors/usage-error.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { EXIT } from '../lib/exit-codes.js';
import { assertFreeOutput, lockOutput } from '../lib/output-path.js';
import { parseChoice, parseInteger, parsePositive, parseShapes } from '../lib/parse.js';
import { trainingProgress } from '../lib/progress-callback.js';
import { trainReport } from '../lib/report-data.js';
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
  log?: string;
  force?: boolean;
}

// The flag of each option that defines a run, for the messages about resuming one.
const FLAGS: Record<keyof RunOptions, string> = {
  shapes: '--shapes',
  data: '--data',
  arch: '--arch',
  perClass: '--per-class',
  outliers: '--outliers',
  batchSize: '--batch-size',
  learningRate: '--learning-rate',
  size: '--size',
  seed: '--seed',
  tta: '--no-tta',
};

/**
 * The run options on the command line: every one for a new run; with `--resume` only those typed, since the
 * saved run must match them and supplies the rest.
 */
function runOptionsOf(options: TrainOptions, cmd: Command): RunOptions {
  const typed = (name: keyof RunOptions) => !options.resume || cmd.getOptionValueSource(name) === 'cli';
  const given = <T>(name: keyof RunOptions & keyof TrainOptions, parse: (value: string) => T) => {
    const value = options[name];
    return typeof value === 'string' && typed(name) ? parse(value) : undefined;
  };
  return {
    shapes: options.data ? undefined : given('shapes', (v) => parseShapes('--shapes', v, { min: 2 })),
    data: given('data', (v) => v),
    arch: given('arch', (v) => parseChoice('--arch', v, ['default', 'seed'] as const)),
    perClass: given('perClass', (v) => parseInteger('--per-class', v, { min: 1 })),
    outliers: given('outliers', (v) => parseInteger('--outliers', v, { min: 0 })),
    batchSize: given('batchSize', (v) => parseInteger('--batch-size', v, { min: 1, max: 4096 })),
    learningRate: given('learningRate', (v) => parsePositive('--learning-rate', v)),
    size: given('size', (v) => parseInteger('--size', v, { min: 16, max: 512 })),
    seed: given('seed', (v) => parseInteger('--seed', v, { min: 0 })),
    tta: typed('tta') ? options.tta : undefined,
  };
}

/** The library's error as this command says it: its flags, the command that resumes, the exit code. */
function commandError(error: unknown, dir: string, resume: string): unknown {
  if (error instanceof TrainingInterruptedError) {
    const { stage, epochsSaved: saved, epochs } = error;
    const message =
      stage === 'saving'
        ? `Interrupted before the model was saved. Finish with: ${resume}`
        : saved === 0
          ? `Interrupted before the first epoch finished, so nothing was saved. Start over with: ${resume}`
          : `Interrupted. Epoch ${saved} of ${epochs} is saved; continue with: ${resume}`;
    return new ShapesCliError(message, EXIT.interrupted, { cause: error });
  }
  if (!(error instanceof ResumeError)) return error;
  const { problem } = error;
  switch (problem.reason) {
    case 'no-run':
      return new UsageError(
        `--resume: "${dir}" holds no training run to resume (no ${path.relative(dir, problem.file)}). Train without --resume.`,
      );
    case 'unreadable':
      return new UsageError(
        `--resume: "${problem.file}" cannot be read (${(error.cause as Error).message}). Start the run over with --force.`,
      );
    case 'mismatch': {
      const flag = FLAGS[problem.option];
      return new UsageError(
        `--resume: the run in "${dir}" was started with ${flag} ${JSON.stringify(problem.saved)}, not ${JSON.stringify(problem.given)}. ` +
          `Drop ${flag} to resume it, or start a new run with --force.`,
      );
    }
    case 'trained':
      return new UsageError(
        `--resume: the run in "${dir}" has trained ${problem.epochs} epochs already; pass --epochs above ${problem.epochs} to train more.`,
      );
  }
}

/** What `shapes train` prints: one JSON document, or the summary for a person. */
function printTrained(trained: TrainedModel, backend: string, report: string | undefined) {
  const { dir, classNames, run, openSet: rule } = trained;
  const { summary } = trained.test;
  const json = {
    model: dir,
    classNames,
    arch: run.arch,
    backend,
    epochs: trained.epochs,
    trainSeconds: +trained.trainSeconds.toFixed(1),
    history: trained.history,
    test: summary,
    openSet: { method: rule.method, threshold: rule.threshold, knownRate: rule.knownRate, tta: run.tta },
    report: report ?? null,
  };
  const text = () =>
    [
      `trained ${classNames.join(', ')} in ${trained.trainSeconds.toFixed(1)} s; saved to ${dir}`,
      '',
      'held-out test images:',
      printEvaluation(summary),
      ...(report ? ['', `report: ${report}`] : []),
    ].join('\n');
  return { json, text };
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
    'random other shapes (polygons, blobs, zigzags, spirals, crosses) trained as "none of these" (default: as many as --per-class, at least 2000)',
  )
  .option('-e, --epochs <n>', 'epochs (with --resume: the new total)', '3')
  .option('--batch-size <n>', 'images per step', '32')
  .option('--learning-rate <x>', 'peak of the cosine schedule', '3e-3')
  .option('--size <px>', 'input side in pixels (default: 64; 256 for --arch seed)')
  .option('--seed <n>', 'seeds the data, the weights and the order', '1')
  .option('--no-tta', 'answer from the image alone, not its 8 rotations and mirror images')
  .option('--resume', 'continue the run in --out from its last checkpoint')
  .option('--report <file>', 'write an HTML report (learning curves, confusion matrix, mistakes)')
  .option('--log <file>', 'append a row per epoch to a .jsonl or .csv file (--resume goes on in it)')
  .option('-f, --force', 'replace --out (and --report) if they exist')
  .action(async (options: TrainOptions, cmd: Command) => {
    const out = outputOf(options);
    const dir = path.resolve(options.out);
    const epochs = parseInteger('--epochs', options.epochs, { min: 1, max: 10_000 });
    const report = reportPath(options);
    // Checked before anything runs; the file appends, so a resumed run continues the same log.
    if (options.log && !/\.(jsonl|csv)$/i.test(options.log)) {
      throw new UsageError(`--log must name a .jsonl or .csv file (got "${options.log}").`);
    }
    const log = options.log ? [trainingLogFile(options.log)] : [];
    if (!options.resume) assertFreeOutput(dir, options.force, 'model folder', '--out', 'model');
    // One run per folder from here on: a second one is refused rather than racing this one's saves.
    lockOutput(dir);
    const run = runOptionsOf(options, cmd);
    const resumeCommand = `shapes train --out ${options.out} --resume --epochs ${epochs}`;
    const backend = await startBackend(options, out);
    // Ctrl-C stops the run where a resume can pick it up: between batches, or before the model is saved.
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    let trained: TrainedModel;
    try {
      trained = await trainModel({
        ...run,
        dir,
        epochs,
        resume: options.resume ?? false,
        overwrite: options.force ?? false,
        signal: controller.signal,
        callbacks: [trainingProgress(out, 'training'), ...log],
        onStep: (message) => out.info(message),
        notes: 'shapes train',
      });
    } catch (error) {
      throw commandError(error, dir, resumeCommand);
    } finally {
      process.off('SIGINT', stop);
    }
    if (report) await writeReport(report, trainReport(trained, backend.backend));
    const { json, text } = printTrained(trained, backend.backend, report);
    out.result(json, text);
    trained.model.dispose();
  });
