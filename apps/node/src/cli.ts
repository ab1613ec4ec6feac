import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { APP_BACKEND_ORDER } from './backend.js';
import { UsageError } from './errors.js';
import { type ExperimentSizes, FULL, QUICK, resolveSizes } from './sizes.js';

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
  backend?: string;
  json: boolean;
}

/** `--help` was asked for and printed: nothing to run. */
export const HELP_SHOWN = Symbol('help shown');

interface RawOptions {
  quick?: boolean;
  out?: string;
  force?: boolean;
  backend?: string;
  seed: string;
  json?: boolean;
  basePerClass?: string;
  epochs?: string;
  testPerClass?: string;
  shots?: string;
  headSamples?: string;
  curveShots?: string;
  curveSeeds?: string;
  scratchSamples?: string;
}

const list = (values: readonly number[]) => values.join(',');

/** The app's command line, with help that teaches what it runs and on which backend. */
export function createProgram(write: { out: (s: string) => void; err: (s: string) => void }): Command {
  return new Command('node dist/main.js')
    .description(
      'Runs the whole @shapes experiment on the fastest TensorFlow.js backend this machine has, prints which one ' +
        'ran and why each faster one did not, and writes the two models, an HTML report and results.json where ' +
        'the web app (apps/web) loads them.',
    )
    .option('--quick', `small sizes for CI, under 90 s on two cores (see "Sizes" below)`)
    .option(
      '-o, --out <dir>',
      `output folder (default: ${path.relative(process.cwd(), DEFAULT_OUT) || '.'}, served by the web app as /experiment/)`,
    )
    .option('-f, --force', 'replace --out if it exists and is not empty')
    .addOption(
      new Option(
        '--backend <name>',
        'run on this backend or fail (default: the fastest that runs; also SHAPES_BACKEND)',
      ),
    )
    .option('--seed <n>', 'seeds the base model, its data and the transfer examples', '1')
    .option('--json', 'print results.json on stdout (progress stays on stderr)')
    .option(
      '--base-per-class <n>',
      `base training images per class (full ${FULL.basePerClass}, quick ${QUICK.basePerClass})`,
    )
    .option('--epochs <n>', `base training epochs (full ${FULL.baseEpochs}, quick ${QUICK.baseEpochs})`)
    .option(
      '--test-per-class <n>',
      `images per class of each held-out set (full ${FULL.testPerClass}, quick ${QUICK.testPerClass})`,
    )
    .option('--shots <n>', `transfer examples per class (${FULL.shots})`)
    .option(
      '--head-samples <n>',
      `samples the new head trains on (full ${FULL.headSamples}, quick ${QUICK.headSamples})`,
    )
    .option(
      '--curve-shots <list>',
      `learning-curve examples per class (full ${list(FULL.curveShots)}, quick ${list(QUICK.curveShots)})`,
    )
    .option(
      '--curve-seeds <list>',
      `learning-curve seeds, one run each (full ${list(FULL.curveSeeds)}, quick ${list(QUICK.curveSeeds)})`,
    )
    .option(
      '--scratch-samples <n>',
      `samples of the from-scratch baseline (full ${FULL.scratchSamples}, quick ${QUICK.scratchSamples})`,
    )
    .addHelpText(
      'after',
      `
What it runs (every test image is drawn from other seeds than any training image, and checked):
  1. base       trains the default CNN on circle, square and triangle (and random other shapes as "none of these")
  2. evaluate   tests it on held-out images, and on star, pentagon and hexagon, which should come back
                "unknown" (open set: AUROC of each rule, calibrated on known images only)
  3. transfer   teaches star, pentagon and hexagon from ${FULL.shots} examples each, on the base's frozen features
  4. evaluate   tests the new model on held-out images (circle, square and triangle should come back "unknown")
  5. curve      transfer against the same network trained from scratch and a prototype head, at several
                numbers of examples per class and seeds, on one held-out test set

Backends, fastest first (the first that runs is used; the others are reported with the reason):
  ${APP_BACKEND_ORDER.join(', ')}
  tfjs-node-gpu and tfjs-node load only when installed (see the README: CUDA, libtensorflow); webgpu runs tfjs's
  WebGPU backend on Dawn (the optional "webgpu" package) and is used only when Dawn finds a GPU adapter that
  computes a test product right.

Sizes:
  full (default)  base ${FULL.basePerClass} per class x ${FULL.baseEpochs} epochs; curve at ${list(FULL.curveShots)} examples, seeds ${list(FULL.curveSeeds)}
                  (meant for a GPU; an estimated 15-20 minutes on two CPU cores)
  --quick         base ${QUICK.basePerClass} per class x ${QUICK.baseEpochs} epochs; curve at ${list(QUICK.curveShots)} examples, seed ${list(QUICK.curveSeeds)}

Outputs (--out): base/ and transfer/ (model.json + weights.bin, with class names and the open-set rule),
report.html, results.json. Written into a temporary folder and renamed into place.

Examples:
  $ node dist/main.js --quick --out /tmp/experiment
  $ node dist/main.js                              the full experiment, into the web app's public/experiment
  $ node dist/main.js --backend wasm --json > results.json
  $ SHAPES_BACKEND=cpu node dist/main.js --quick --out /tmp/cpu --epochs 1

Exit codes: 0 done, 1 the run failed or the backend asked for cannot run, 2 bad input (the message says the fix).
`,
    )
    .configureOutput({ writeOut: write.out, writeErr: write.err, outputError: () => {} })
    .helpOption('-h, --help', 'this help')
    .allowExcessArguments(false)
    .exitOverride();
}

/**
 * Parses the command line (`argv` without node and the script).
 *
 * @returns the options, or {@link HELP_SHOWN} after printing the help.
 * @throws UsageError for an unknown option, a value that is not a positive whole number, or a bad list.
 */
export function parseOptions(
  argv: readonly string[],
  write: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
  },
): AppOptions | typeof HELP_SHOWN {
  const program = createProgram(write);
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return HELP_SHOWN;
      throw new UsageError(`${error.message.replace(/^error: /, '')} (see --help)`);
    }
    throw error;
  }
  const raw = program.opts<RawOptions>();
  const sizes = resolveSizes(Boolean(raw.quick), {
    basePerClass: optionalInteger('--base-per-class', raw.basePerClass, 1),
    baseEpochs: optionalInteger('--epochs', raw.epochs, 1),
    testPerClass: optionalInteger('--test-per-class', raw.testPerClass, 2),
    shots: optionalInteger('--shots', raw.shots, 1),
    headSamples: optionalInteger('--head-samples', raw.headSamples, 1),
    curveShots: optionalList('--curve-shots', raw.curveShots),
    curveSeeds: optionalList('--curve-seeds', raw.curveSeeds),
    scratchSamples: optionalInteger('--scratch-samples', raw.scratchSamples, 1),
  });
  if (raw.out !== undefined && raw.out.trim() === '') throw new UsageError('--out: give a folder.');
  return {
    sizes,
    seed: integer('--seed', raw.seed, 1),
    out: raw.out !== undefined ? path.resolve(raw.out) : DEFAULT_OUT,
    force: Boolean(raw.force),
    ...(raw.backend !== undefined ? { backend: raw.backend } : {}),
    json: Boolean(raw.json),
  };
}

// Seeds derive others (e.g. 100,000 x seed + shots for the examples); past this they would leave the safe range.
const MAX_INTEGER = 1_000_000_000;

/** A whole number from `min` up, or a UsageError naming the option. */
export function integer(option: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min || n > MAX_INTEGER) {
    throw new UsageError(`${option}: "${value}" is not a whole number from ${min} to ${MAX_INTEGER}.`);
  }
  return n;
}

function optionalInteger(option: string, value: string | undefined, min: number): number | undefined {
  return value === undefined ? undefined : integer(option, value, min);
}

/** A comma-separated list of whole numbers from 1 (e.g. `1,5,20`), sorted, without repeats. */
export function numberList(option: string, value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) {
    throw new UsageError(`${option}: "${value}" is not a list of whole numbers such as 1,5,20.`);
  }
  return [...new Set(items.map((s) => integer(option, s, 1)))].sort((a, b) => a - b);
}

function optionalList(option: string, value: string | undefined): number[] | undefined {
  return value === undefined ? undefined : numberList(option, value);
}
