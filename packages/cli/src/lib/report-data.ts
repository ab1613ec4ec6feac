import * as path from 'node:path';
import {
  type AnsweredSet,
  type EpochLogs,
  type PredictionSummary,
  type Report,
  type ReportSection,
  rocCurve,
  type SampleImage,
  samplesOf,
} from '@shapes/train';
import type { TrainedModel } from '@shapes/train/node';
import { percent } from './evaluation.js';

/** The report sections of an evaluation: per-class table, confusion matrix, and the images. */
export function evaluationSections(
  title: string,
  summary: PredictionSummary,
  samples: SampleImage[],
): ReportSection[] {
  return [
    { kind: 'confusion', title: `${title}: confusion matrix`, ...summary.confusion },
    { kind: 'classes', title: `${title}: per class`, perClass: summary.perClass },
    { kind: 'samples', title: `${title}: images and answers (mistakes first)`, samples },
  ];
}

/** A training history as the report's learning-curve section. */
export function historySection(title: string, history: readonly EpochLogs[]): ReportSection {
  // Epochs count from 1 for people, as the progress lines do.
  return { kind: 'history', title, history: history.map((h) => ({ ...h, epoch: h.epoch + 1 })) };
}

/** The report of `shapes train`: what was trained and how, its learning curves, and its held-out test. */
export function trainReport(trained: TrainedModel, backend: string): Report {
  const { classNames, run, test, openSet: rule } = trained;
  const outliers = run.outliers > 0 ? ` + ${run.outliers} outliers` : '';
  return {
    title: `shapes train: ${classNames.join(', ')}`,
    subtitle: `${run.arch} CNN, ${trained.epochs} epochs, ${backend} backend, ${new Date().toISOString()}`,
    sections: [
      {
        kind: 'summary',
        title: 'Summary',
        rows: [
          ['model', trained.dir],
          ['classes', classNames.join(', ')],
          ['training images', `${trained.trainImages}${outliers}`],
          ['training time', `${trained.trainSeconds.toFixed(1)} s`],
          ['held-out test accuracy', percent(test.summary.accuracy)],
          knownUnknownRow(test.summary),
          [
            'unknown rule',
            `${rule.method} score below ${rule.threshold.toFixed(3)} (keeps ${percent(rule.knownRate)} of known images)`,
          ],
        ],
      },
      historySection('Learning curves', trained.history),
      ...evaluationSections(
        'Held-out test images',
        test.summary,
        samplesOf(test.data, test.predictions, test.truth, classNames),
      ),
    ],
  };
}

/**
 * The report of `shapes evaluate` on the ImageFolder `data`: headline figures, the ROC of the open-set score when
 * the folder holds classes the model does not know, and every figure per class.
 */
export function evaluateReport(
  answered: AnsweredSet,
  classNames: readonly string[],
  source: { model: string; data: string },
): Report {
  const { data, predictions, truth, summary } = answered;
  const { unknown } = summary;
  const known = truth.map((t) => classNames.includes(t));
  const roc: ReportSection[] =
    unknown.auroc !== null
      ? [
          {
            kind: 'roc',
            title: 'Known against unknown classes (ROC of the open-set score)',
            points: rocCurve(
              predictions.map((p) => p.score),
              known,
            ),
            auroc: unknown.auroc,
          },
        ]
      : [];
  return {
    title: `shapes evaluate: ${path.basename(path.resolve(source.data))}`,
    subtitle: `model ${path.resolve(source.model)}, ${new Date().toISOString()}`,
    sections: [
      {
        kind: 'summary',
        title: 'Summary',
        rows: [
          ['images', String(data.shape[0])],
          ['model classes', classNames.join(', ')],
          ['accuracy (known classes)', percent(summary.accuracy)],
          knownUnknownRow(summary),
          ['macro F1', summary.macroF1.toFixed(3)],
          [
            'unknown',
            unknown.expected > 0
              ? `${unknown.flagged} of ${unknown.expected} flagged (${unknown.classes.join(', ')})`
              : 'no images of unknown classes',
          ],
        ],
      },
      ...roc,
      ...evaluationSections(
        'Images',
        summary,
        samplesOf(data, predictions, truth, classNames, { captions: data.meta.files }),
      ),
    ],
  };
}

/** The report's row for known images answered `unknown`, shown beside accuracy wherever accuracy is. */
export function knownUnknownRow(summary: PredictionSummary): [string, string] {
  const { knownFlagged, knownFlaggedShare, expected } = summary.unknown;
  const known = summary.images - expected;
  return ['known images answered "unknown"', `${knownFlagged} of ${known} (${percent(knownFlaggedShare)})`];
}
