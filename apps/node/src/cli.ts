import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BACKENDS } from './backend.js';
import { helpText, sizeHelp } from './help.js';
import { type ExperimentSizes, resolveSizes } from './sizes.js';

/** This app's folder (apps/node), from src/ in tests and from dist/ once built: both are one level down. */
export const APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the web app (apps/web, Vite) serves static files from; its `/experiment/...` URLs land here. */
export const DEFAULT_OUT = path.resolve(APP_DIR, '../web/public/experiment');

/** What a run was asked to do. */
export interface AppOptions {
  sizes: ExperimentSizes;
  seed: number;
  /** Absolute output folder. */
  out: string;
  force: boolean;
  /** `--backend`; `SHAPES_BACKEND` is left to `@shapes/runtime`, which reads it itself. */
  backend?: string;
  json: boolean;
}

type Write = { out: (s: string) => void; err: (s: string) => void };

/** The app's command line, with help that teaches what it runs and on which backend. */
export function createProgram(write: Write): Command {
  return new Command('node dist/main.js')
    .description(
      'Runs the whole @shapes experiment on the fastest TensorFlow.js backend this machine has, prints which one ' +
        'ran and why each faster one did not, and writes the two models, an HTML report and results.json where ' +
        'the web app (apps/web) loads them.',
    )
    .option('--quick', 'small sizes for CI, under 90 s on two cores (see "Sizes" below)')
    .option(
      '-o, --out <dir>',
      `output folder (default: ${path.relative(process.cwd(), DEFAULT_OUT) || '.'}, served by the web app as /experiment/)`,
    )
    .option('-f, --force', 'replace --out if it holds an earlier run')
    .addOption(
      new Option('--backend <name>', 'run on this backend or fail (default: the fastest that runs)')
        .choices(BACKENDS)
        .env('SHAPES_BACKEND'),
    )
    .option('--seed <n>', 'seeds the base model, its data and the transfer examples', '1')
    .option('--json', 'print results.json on stdout (progress stays on stderr)')
    .option('--base-per-class <n>', sizeHelp('base training images per class', 'basePerClass'))
    .option('--epochs <n>', sizeHelp('base training epochs', 'baseEpochs'))
    .option('--test-per-class <n>', sizeHelp('images per class of each held-out set', 'testPerClass'))
    .option('--shots <n>', sizeHelp('transfer examples per class', 'shots'))
    .option('--head-samples <n>', sizeHelp('samples the new head trains on', 'headSamples'))
    .option('--curve-shots <list>', sizeHelp('learning-curve examples per class', 'curveShots'))
    .option('--curve-seeds <list>', sizeHelp('learning-curve seeds, one run each', 'curveSeeds'))
    .option('--scratch-samples <n>', sizeHelp('samples of the from-scratch baseline', 'scratchSamples'))
    .addHelpText('after', helpText(BACKENDS))
    .configureOutput({ writeOut: write.out, writeErr: write.err, outputError: () => {} })
    .helpOption('-h, --help', 'this help')
    .allowExcessArguments(false)
    .exitOverride();
}

/**
 * Parses the command line (`argv` without node and the script).
 *
 * @throws CommanderError after printing the help (exit code 0), or for bad input: an unknown option or backend,
 *   a value that is not a positive whole number, a bad list (exit code 2 in `exitCodeOf`).
 */
export function parseOptions(
  argv: readonly string[],
  write: Write = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
): AppOptions {
  const program = createProgram(write);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError) || error.exitCode === 0) throw error;
    throw new InvalidArgumentError(`${error.message.replace(/^error: /, '')} (see --help)`);
  }
  const raw = program.opts<Record<string, string | boolean | undefined>>();
  const whole = (option: string, value: unknown, min = 1) =>
    typeof value === 'string' ? integer(option, value, min) : undefined;
  const list = (option: string, value: unknown) =>
    typeof value === 'string' ? numberList(option, value) : undefined;
  const sizes = resolveSizes(Boolean(raw.quick), {
    basePerClass: whole('--base-per-class', raw.basePerClass),
    baseEpochs: whole('--epochs', raw.epochs),
    testPerClass: whole('--test-per-class', raw.testPerClass, 2),
    shots: whole('--shots', raw.shots),
    headSamples: whole('--head-samples', raw.headSamples),
    curveShots: list('--curve-shots', raw.curveShots),
    curveSeeds: list('--curve-seeds', raw.curveSeeds),
    scratchSamples: whole('--scratch-samples', raw.scratchSamples),
  });
  const out = typeof raw.out === 'string' ? raw.out : undefined;
  if (out?.trim() === '') throw new InvalidArgumentError('--out: give a folder.');
  const fromOption = program.getOptionValueSource('backend') === 'cli';
  return {
    sizes,
    seed: integer('--seed', String(raw.seed), 1),
    out: out !== undefined ? path.resolve(out) : DEFAULT_OUT,
    force: Boolean(raw.force),
    ...(fromOption ? { backend: String(raw.backend) } : {}),
    json: Boolean(raw.json),
  };
}

// Seeds derive others (e.g. 100,000 x seed + shots for the examples); past this they would leave the safe range.
const MAX_INTEGER = 1_000_000_000;

/** A whole number from `min` up, or an InvalidArgumentError naming the option. */
export function integer(option: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > MAX_INTEGER) {
    throw new InvalidArgumentError(
      `${option}: "${value}" is not a whole number from ${min} to ${MAX_INTEGER}.`,
    );
  }
  return n;
}

/** A comma-separated list of whole numbers from 1 (e.g. `1,5,20`), sorted, without repeats. */
export function numberList(option: string, value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) {
    throw new InvalidArgumentError(`${option}: "${value}" is not a list of whole numbers such as 1,5,20.`);
  }
  return [...new Set(items.map((s) => integer(option, s, 1)))].sort((a, b) => a - b);
}
