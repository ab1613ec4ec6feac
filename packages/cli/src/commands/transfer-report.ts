import type { Prediction } from '@shapes/models';
import {
  type ComparePoint,
  type PredictionSummary,
  type Report,
  samplesOf,
  type TransferRun,
} from '@shapes/train';
import type { TrainingSets } from '@shapes/train/node';
import { curveSeries } from '../lib/compare.js';
import { percent } from '../lib/evaluation.js';
import { evaluationSections, knownUnknownRow } from '../lib/report-data.js';
import { printEvaluation } from './shared.js';
import { fewestPerClass } from './transfer-data.js';

/** What `shapes transfer` made and measured, for its report, JSON and text. */
export interface TransferDone {
  dir: string;
  from: string;
  run: TransferRun;
  sets: TrainingSets;
  summary: PredictionSummary;
  predictions: Prediction[];
  truth: string[];
  comparison?: ComparePoint[];
}

/** The transfer's HTML report: summary, the comparison's curves if any, and the held-out evaluation. */
export function transferReport(done: TransferDone, backend: string): Report {
  const { run, sets, summary, comparison } = done;
  const classNames = sets.train.classNames;
  return {
    title: `shapes transfer: ${classNames.join(', ')}`,
    subtitle: `from ${done.from}, ${backend} backend, ${new Date().toISOString()}`,
    sections: [
      {
        kind: 'summary',
        title: 'Summary',
        rows: [
          ['model', done.dir],
          ['new classes', classNames.join(', ')],
          ['examples', `${sets.train.shape[0]} (${fewestPerClass(sets.train)} or more per class)`],
          ['method', run.freeze ? `transfer, freeze ${run.freeze}` : 'prototype head (no training)'],
          ['training time', `${run.seconds.toFixed(1)} s`],
          ['held-out test accuracy', percent(summary.accuracy)],
          knownUnknownRow(summary),
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
        samplesOf(sets.test, done.predictions, done.truth, classNames),
      ),
    ],
  };
}

/** What `--json` prints. */
export function transferJson(done: TransferDone) {
  const { run, sets } = done;
  return {
    model: done.dir,
    base: done.from,
    classNames: sets.train.classNames,
    method: run.method,
    freeze: run.freeze,
    examples: sets.train.shape[0],
    outliers: run.outliers,
    trainSeconds: +run.seconds.toFixed(2),
    test: done.summary,
    comparison: done.comparison ?? null,
  };
}

/** What the terminal shows. */
export function transferText(done: TransferDone, report: string | undefined): string {
  const { run, sets } = done;
  return [
    `learned ${sets.train.classNames.join(', ')} in ${run.seconds.toFixed(1)} s from ${sets.train.shape[0]} examples; saved to ${done.dir}`,
    '',
    'held-out test images:',
    printEvaluation(done.summary),
    ...(report ? ['', `report: ${report}`] : []),
  ].join('\n');
}
