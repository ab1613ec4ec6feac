import * as path from 'node:path';
import { dihedral, examplesSeed, seedOf } from '@shapes/data';
import {
  type Classifier,
  calibrateOpenSet,
  classifierOf,
  createMetadata,
  FewShotClassifier,
  FREEZE_MODES,
  type FreezeMode,
  type ModelMetadata,
  thresholdKeeping,
  whyNoBaseCheck,
} from '@shapes/models';
import { saveModelToDir } from '@shapes/models/node';
import { fineTune, outlierDataset, summarizePredictions } from '@shapes/train';
import { UsageError } from '../errors/usage-error.js';
import { loadClassifier } from '../lib/classifier.js';
import { type BackendOptions, newCommand, outputOf, startBackend } from '../lib/command.js';
import { type ComparePoint, compareMethods, curveSeries, type Method } from '../lib/compare.js';
import { percent } from '../lib/evaluation.js';
import { assertFreeOutput, lockOutput } from '../lib/output-path.js';
import { parseChoice, parseInteger, parseShapes } from '../lib/parse.js';
import { trainingProgress } from '../lib/progress-callback.js';
import { evaluationSections } from '../lib/report-data.js';
import { folderSets, generatedSets } from '../lib/training-data.js';
import { samplesOf, writeReport } from '../report/index.js';
import { printEvaluation, reportPath } from './shared.js';

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

// Known images kept as known when the "unknown" threshold is set from validation scores (as calibrateOpenSet).
const KNOWN_RATE = 0.995;
// Second-phase samples when more than the head trains; the head alone is the measured best at 20 examples.
const FINE_TUNE_SAMPLES = 5000;
// Outlier images the new head learns to be unsure about, by default. Star and pentagon from 20 examples each on
// a full base: 1,000 took the AUROC of unseen hexagons from 0.26 to 0.75 at the same known accuracy, for well
// under a second of training (`node packages/train/bench/unseen-hexagon.mjs --base DIR`).
const DEFAULT_OUTLIERS = 1000;

/** `shapes transfer`: new classes on a trained base, from a few examples, reusing its learned features. */
export const transfer = newCommand(
  'transfer',
  'Teach a trained model new shapes from a few examples, reusing its learned features',
  {
    backend: true,
    examples: [
      'shapes transfer --from models/base --out models/new                        # star, pentagon, hexagon; 20 each',
      'shapes transfer --from models/base --out models/new --per-class 5 --compare  # against training from scratch',
      'shapes transfer --from models/base --out models/mine --data my-drawings/   # your own classes',
      'shapes transfer --from models/base --out models/proto --few-shot           # prototype head, no training',
      'shapes transfer --from models/base --out models/ft --freeze none           # fine-tune every layer too',
      'shapes transfer --from models/base --out models/new --outliers 0           # no "none of these" training',
    ],
  },
)
  .requiredOption('--from <dir>', 'the trained base model folder (from `shapes train`)')
  .requiredOption('-o, --out <dir>', 'model folder to write')
  .option('-s, --shapes <list>', 'new generated shapes to learn', 'star,pentagon,hexagon')
  .option('-d, --data <dir>', 'learn from this ImageFolder instead (60% examples, 20% validation, 20% test)')
  .option('-n, --per-class <n>', 'generated examples per class', '20')
  .option(
    '--freeze <mode>',
    `what keeps the base's weights: ${FREEZE_MODES.join(', ')} (features: a new head only)`,
    'features',
  )
  .option('--few-shot', 'a prototype head on the frozen features instead: no training, for few examples')
  .option('--seed <n>', 'seeds the examples and the training', '1')
  .option('--no-tta', 'answer from the image alone, not its 8 rotations and mirror images')
  .option('--compare', 'also train from scratch and a prototype head on the same examples, and compare')
  .option(
    '--scratch-samples <n>',
    'with --compare: training images shown to the network trained from scratch',
    '10000',
  )
  .option(
    '--outliers <n>',
    `random other shapes (blobs, zigzags, spirals, crosses, irregular polygons) the new head learns to call none of its classes, so that shapes it was not taught come back "unknown" more often (default: ${DEFAULT_OUTLIERS}; 0 for none; 64x64 gray bases only)`,
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
    const outlierCount =
      options.outliers === undefined ? undefined : parseInteger('--outliers', options.outliers, { min: 0 });
    if (options.fewShot && outlierCount) {
      throw new UsageError(
        '--outliers trains the new head; --few-shot trains nothing. Use one or the other.',
      );
    }
    if (options.fewShot && freeze !== 'features') {
      throw new UsageError('--few-shot trains nothing, so it takes no --freeze; drop one of them.');
    }
    const dir = path.resolve(options.out);
    assertFreeOutput(dir, options.force, 'model folder', '--out', 'model');
    lockOutput(dir);
    const report = reportPath(options);
    const backend = await startBackend(options, out);
    const base: Classifier = await loadClassifier(options.from, '--from');
    // The outlier shapes are drawn 64x64 gray, the default architecture's input.
    const outliersFit = base.metadata.inputSize === 64 && base.metadata.channels === 1;
    if (outlierCount && !outliersFit) {
      throw new UsageError(
        `--outliers needs a base that takes 64x64 gray images; this one takes ${base.metadata.inputSize}x${base.metadata.inputSize}x${base.metadata.channels}. Leave --outliers out.`,
      );
    }
    const outliers = options.fewShot ? 0 : (outlierCount ?? (outliersFit ? DEFAULT_OUTLIERS : 0));
    if (base.head !== 'softmax') {
      throw new UsageError(
        `--from: "${options.from}" is a few-shot model; transfer from the model it was made from.`,
      );
    }
    const format = { inputSize: base.inputSize, channels: base.channels };
    const sets = options.data
      ? await folderSets(path.resolve(options.data), format, seed, {
          minPerClass: 5,
          shares: { train: 0.6, val: 0.2, test: 0.2 },
        })
      : await generatedSets({
          shapes,
          perClass,
          // Enough for the base check's tail (see DEMO.transferValPerClass).
          valPerClass: 500,
          testPerClass: 300,
          seed: examplesSeed(seed, perClass),
          preset: 'default',
          format,
        });
    const classNames = sets.train.classNames;
    const k = Math.min(...classNames.map((_, c) => sets.train.labels.filter((l) => l === c).length));
    out.info(
      `learning ${classNames.join(', ')} from ${sets.train.shape[0]} examples (${options.fewShot ? 'prototype head' : `freeze ${freeze}`})`,
    );

    const started = performance.now();
    const provenance = {
      base: path.resolve(options.from),
      dataset: sets.provenance,
      notes: 'shapes transfer',
    };
    let classifier: Classifier;
    if (options.fewShot) {
      const head = FewShotClassifier.fromExamples(base.model, dihedral(sets.train), classNames);
      head.setThreshold(
        thresholdKeeping(
          head.predict(sets.val).map((p) => p.score),
          KNOWN_RATE,
        ),
      );
      const metadata = createMetadata(base.model, {
        classNames: [...base.classNames],
        architecture: base.metadata.architecture,
        prototypes: head.toJSON(),
        provenance: { ...provenance, notes: 'shapes transfer --few-shot' },
      });
      classifier = classifierOf(base.model, metadata);
    } else {
      const { model } = await fineTune(base.model, sets.train, {
        seed,
        outliers: outliers > 0 ? outlierDataset(outliers, seedOf(seed, 'outliers'), classNames) : undefined,
        fineTune: freeze === 'features' ? undefined : freeze,
        fineTuneSamples: freeze === 'features' ? 0 : FINE_TUNE_SAMPLES,
        callbacks: [trainingProgress(out, 'transfer')],
      });
      const noBaseCheck = whyNoBaseCheck(base.model, sets.val.labels, classNames.length);
      if (noBaseCheck) out.info(`"unknown" from the new head's confidence alone: ${noBaseCheck}`);
      const rule = calibrateOpenSet(model, sets.val, {
        tta: options.tta,
        base: noBaseCheck ? undefined : base.model,
      });
      const metadata: ModelMetadata = createMetadata(model, {
        classNames,
        architecture: base.metadata.architecture,
        openSet: rule,
        provenance,
      });
      classifier = classifierOf(model, metadata);
    }
    const seconds = (performance.now() - started) / 1000;
    const predictions = classifier.predict(sets.test);
    const truth = Array.from(sets.test.labels, (l) => classNames[l] as string);
    const summary = summarizePredictions(predictions, truth, classNames, { openSet: classifier.openSet });
    await saveModelToDir(classifier.model, dir, classifier.metadata, { overwrite: options.force ?? false });

    let comparison: ComparePoint[] | undefined;
    if (options.compare) {
      out.info('comparing with training from scratch and a prototype head on the same examples:');
      const shots = [...new Set([1, 5, k].filter((s) => s <= k))];
      const methods: Method[] = ['transfer', 'scratch', 'prototype'];
      comparison = await compareMethods({
        base: base.model,
        examples: sets.train,
        test: sets.test,
        shots: methods.flatMap((method) => shots.map((s) => ({ method, shots: s }))),
        scratchSamples,
        tta: options.tta,
        seed,
        out,
      });
    }
    if (report) {
      await writeReport(report, {
        title: `shapes transfer: ${classNames.join(', ')}`,
        subtitle: `from ${path.resolve(options.from)}, ${backend.backend} backend, ${new Date().toISOString()}`,
        sections: [
          {
            kind: 'summary',
            title: 'Summary',
            rows: [
              ['model', dir],
              ['new classes', classNames.join(', ')],
              [
                'examples',
                `${sets.train.shape[0]} (${k}${k === perClass || options.data ? '' : '+'} per class)`,
              ],
              ['method', options.fewShot ? 'prototype head (no training)' : `transfer, freeze ${freeze}`],
              ['training time', `${seconds.toFixed(1)} s`],
              ['held-out test accuracy', percent(summary.accuracy)],
            ],
          },
          ...(comparison
            ? [
                {
                  kind: 'curves' as const,
                  title: 'Transfer against training from scratch (same examples, same test images)',
                  series: curveSeries(comparison),
                  xLabel: 'examples per class',
                  yLabel: 'test accuracy',
                },
              ]
            : []),
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
        base: path.resolve(options.from),
        classNames,
        method: options.fewShot ? 'prototype' : 'transfer',
        freeze: options.fewShot ? null : freeze,
        examples: sets.train.shape[0],
        outliers,
        trainSeconds: +seconds.toFixed(2),
        test: summary,
        comparison: comparison ?? null,
        report: report ?? null,
      },
      () =>
        [
          `learned ${classNames.join(', ')} in ${seconds.toFixed(1)} s from ${sets.train.shape[0]} examples; saved to ${dir}`,
          '',
          'held-out test images:',
          printEvaluation(summary),
          ...(report ? ['', `report: ${report}`] : []),
        ].join('\n'),
    );
  });
