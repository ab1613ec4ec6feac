import * as path from 'node:path';
import { FREEZE_MODES, type FreezeMode, PRETRAINED } from '@shapes/models';
import { saveModelToDir } from '@shapes/models/node';
import { answerSet, compareMethods, runTransfer, TRANSFER_DEFAULTS } from '@shapes/train';
import { writeReport } from '@shapes/train/node';
import { UsageError } from '../errors/usage-error.js';
import { loadClassifier, MODEL_OPTION_HELP } from '../lib/classifier.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { formatPoint } from '../lib/compare.js';
import { assertFreeOutput, lockOutput } from '../lib/output-path.js';
import { parseChoice, parseInteger, parseShapes } from '../lib/parse.js';
import { trainingProgress } from '../lib/progress-callback.js';
import { reportPath } from './shared.js';
import { compareRuns, transferSets } from './transfer-data.js';
import { transferJson, transferReport, transferText } from './transfer-report.js';

const FEW_SHOT_OUTLIERS = '--outliers trains the new head; --few-shot trains nothing. Use one or the other.';
const FEW_SHOT_FREEZE = '--few-shot trains nothing, so it takes no --freeze; drop one of them.';

interface TransferOptions extends BackendOptions {
  from: string;
  out: string;
  shapes: string;
  data?: string;
  perClass: string;
  freeze: string;
  fewShot?: boolean;
  seed: string;
  tta: boolean;
  compare?: boolean;
  scratchSamples: string;
  outliers?: string;
  report?: string;
  force?: boolean;
}

/** `shapes transfer`: new classes on a trained base, from a few examples, reusing its learned features. */
export const transfer = newCommand(
  'transfer',
  'Teach a trained model new shapes from a few examples, reusing its learned features',
  {
    backend: true,
    examples: [
      'shapes transfer --out models/new                              # star, pentagon, hexagon on the pretrained base',
      'shapes transfer --from models/base --out models/new           # on a base of yours (shapes train)',
      'shapes transfer --out models/new --per-class 5 --compare      # against training from scratch',
      'shapes transfer --out models/mine --data my-drawings/         # your own classes',
      'shapes transfer --out models/proto --few-shot                 # prototype head, no training',
      'shapes transfer --out models/ft --freeze none                 # fine-tune every layer too',
      'shapes transfer --out models/new --outliers 0                 # no "none of these" training',
    ],
  },
)
  .option('--from <path>', `the base: a ${MODEL_OPTION_HELP}`, PRETRAINED)
  .requiredOption('-o, --out <dir>', 'model folder to write')
  .option('-s, --shapes <list>', 'new generated shapes to learn', 'star,pentagon,hexagon')
  .option('-d, --data <dir>', 'learn from this ImageFolder instead (60% examples, 20% validation, 20% test)')
  .option('-n, --per-class <n>', 'generated examples per class', String(TRANSFER_DEFAULTS.perClass))
  .option(
    '--freeze <mode>',
    `what keeps the base's weights: ${FREEZE_MODES.join(', ')} (features: a new head only)`,
    TRANSFER_DEFAULTS.freeze,
  )
  .option('--few-shot', 'a prototype head on the frozen features instead: no training, for few examples')
  .option('--seed <n>', 'seeds the examples and the training', String(TRANSFER_DEFAULTS.seed))
  .option('--no-tta', 'answer from the image alone, not its 8 rotations and mirror images')
  .option('--compare', 'also train from scratch and a prototype head on the same examples, and compare')
  .option(
    '--scratch-samples <n>',
    'with --compare: training images shown to the network trained from scratch',
    '10000',
  )
  .option(
    '--outliers <n>',
    `random other shapes (blobs, zigzags, spirals, crosses, irregular polygons) the new head learns to call none of its classes, so that shapes it was not taught come back "unknown" more often (default: ${TRANSFER_DEFAULTS.outliers}; 0 for none; 64x64 gray bases only)`,
  )
  .option('--report <file>', 'write an HTML report (confusion matrix, mistakes, transfer vs scratch)')
  .option('-f, --force', 'replace --out (and --report) if they exist')
  .action(async (options: TransferOptions) => {
    const out = outputOf(options);
    const freeze = parseChoice<FreezeMode>('--freeze', options.freeze, FREEZE_MODES);
    const perClass = parseInteger('--per-class', options.perClass, { min: 1 });
    const seed = parseInteger('--seed', options.seed, { min: 0 });
    const scratchSamples = parseInteger('--scratch-samples', options.scratchSamples, { min: 1 });
    const shapes = options.data ? [] : parseShapes('--shapes', options.shapes, { min: 1 });
    const outliers =
      options.outliers === undefined ? undefined : parseInteger('--outliers', options.outliers, { min: 0 });
    if (options.fewShot && outliers) throw new UsageError(FEW_SHOT_OUTLIERS);
    if (options.fewShot && freeze !== 'features') throw new UsageError(FEW_SHOT_FREEZE);
    const dir = path.resolve(options.out);
    assertFreeOutput(dir, options.force, 'model folder', '--out', 'model');
    lockOutput(dir);
    const report = reportPath(options);
    const backend = await startBackend(options, out);
    const base = await loadClassifier(options.from, '--from');
    const format = { inputSize: base.inputSize, channels: base.channels };
    const sets = await transferSets(options.data, { shapes, perClass, seed, format });
    const method = options.fewShot ? 'prototype' : 'transfer';
    out.info(`learning ${sets.train.classNames.join(', ')} from ${sets.train.shape[0]} examples (${method})`);
    const from =
      options.from === PRETRAINED ? 'the pretrained base of @shapes/models' : path.resolve(options.from);
    const run = await runTransfer({
      base,
      examples: sets.train,
      validation: sets.val,
      method,
      freeze,
      outliers,
      seed,
      tta: options.tta,
      provenance: { base: from, dataset: sets.provenance, notes: `shapes transfer (${method})` },
      callbacks: [trainingProgress(out, 'transfer')],
    });
    if (run.noBaseCheck) out.info(`"unknown" from the new head's confidence alone: ${run.noBaseCheck}`);
    const tested = answerSet(run.classifier, sets.test);
    await saveModelToDir(run.model, dir, run.metadata, { overwrite: options.force ?? false });
    if (options.compare)
      out.info('comparing with training from scratch and a prototype head on the same examples:');
    const comparison = options.compare
      ? await compareMethods({
          base: base.model,
          examples: sets.train,
          test: sets.test,
          runs: compareRuns(sets.train),
          tta: options.tta,
          training: { seed, scratchSamples, callbacks: [trainingProgress(out, 'compare')] },
          onPoint: (p) => out.info(formatPoint(p)),
        })
      : undefined;
    const done = { dir, from, run, sets, ...tested, comparison };
    if (report) await writeReport(report, transferReport(done, backend.backend));
    out.result({ ...transferJson(done), report: report ?? null }, () => transferText(done, report));
  });
