import type { Report, ReportSection } from '@shapes/train';
import type { ExperimentRun, TrainedModel } from './experiment.js';
import { percent } from './experiment.js';
import type { Results } from './results.js';

/** Names of the learning-curve methods as a reader knows them. */
const METHOD_NAMES: Record<string, string> = {
  transfer: 'transfer (new head on the base features)',
  scratch: 'from scratch (same network, same examples)',
  prototype: 'prototype head (no training)',
};

/**
 * The HTML report of a run: a summary that starts with the backend that ran, the backend report, the base's
 * training curves, confusion matrices, per-class tables and images with their answers for both models, and the
 * transfer-vs-scratch learning curves.
 */
export function buildReport(run: ExperimentRun, results: Results): Report {
  const { backend, timings } = results;
  const at = (method: string, shots: number) =>
    results.curve.summary.find((s) => s.method === method && s.shots === shots);
  const scratch = at('scratch', run.transfer.shots);
  const softmax = results.base.openSet.find((m) => m.method === 'softmax');
  const rows: Array<[string, string]> = [
    ['backend that ran', backend.description.replace(/^backend: /, '')],
    [
      'size',
      `${results.sizes.name} (base ${results.sizes.basePerClass} per class x ${results.sizes.baseEpochs} epochs)`,
    ],
    [
      'base accuracy (held-out)',
      `${percent(run.base.test.accuracy)} of ${run.base.test.images - run.base.test.unknown.expected} images`,
    ],
    [
      'base training',
      `${timings.baseTrainSeconds.toFixed(1)} s with data generation, ${timings.baseTrainSamplesPerSecond} samples/s`,
    ],
    [
      'base open set (softmax rule)',
      `AUROC ${softmax ? softmax.auroc.toFixed(3) : '-'}; ${run.base.test.unknown.flagged} of ${run.base.test.unknown.expected} new shapes answered "unknown"`,
    ],
    [
      `transfer accuracy (${run.transfer.shots} examples per class, held-out)`,
      `${percent(run.transfer.test.accuracy)} of ${run.transfer.test.images - run.transfer.test.unknown.expected} images`,
    ],
    ['transfer training', `${timings.transferTrainSeconds.toFixed(1)} s`],
  ];
  if (scratch) {
    rows.push([
      `from scratch (${run.transfer.shots} per class, curve mean)`,
      `${percent(scratch.accuracy)} in ${scratch.seconds.toFixed(1)} s`,
    ]);
  }
  rows.push(['whole run', `${timings.totalSeconds.toFixed(1)} s`]);
  const sections: ReportSection[] = [
    { kind: 'summary', title: 'Summary', rows },
    {
      kind: 'text',
      title: 'Backend',
      paragraphs: [
        `Every step ran on ${backend.ranOn} (tfjs backend), started as ${backend.backend}, chosen by ${backend.chosenBy}.`,
        ...(backend.skipped.length > 0
          ? backend.skipped.map((s) => `Not used: ${s.backend}: ${s.reason}.`)
          : ['It was the first backend tried.']),
        `Command: ${results.command}`,
      ],
    },
    {
      kind: 'history',
      title: 'Base: training curves',
      history: run.base.history.map((h) => ({ ...h, epoch: h.epoch + 1 })),
    },
    ...modelSections('Base', run.base),
    {
      kind: 'curves',
      title: 'Transfer against training from scratch (same examples, same held-out test images)',
      series: ['transfer', 'scratch', 'prototype']
        .filter((m) => results.curve.summary.some((s) => s.method === m))
        .map((m) => ({
          name: METHOD_NAMES[m] ?? m,
          points: results.curve.summary
            .filter((s) => s.method === m)
            .map((s) => ({ shots: s.shots, accuracy: s.accuracy, std: s.std })),
        })),
      xLabel: 'examples per class',
      yLabel: 'test accuracy',
    },
    ...modelSections(`Transferred (${run.transfer.shots} examples per class)`, run.transfer),
  ];
  return {
    title: 'shapes: the whole experiment in Node',
    subtitle: `${backend.backend} backend, ${results.sizes.name} size, seed ${results.seed}, ${timings.totalSeconds.toFixed(0)} s, ${results.createdAt}`,
    sections,
  };
}

function modelSections(title: string, m: TrainedModel): ReportSection[] {
  const { test } = m;
  return [
    {
      kind: 'confusion',
      title: `${title}: confusion matrix (unknown shapes in the last row)`,
      ...test.confusion,
    },
    { kind: 'classes', title: `${title}: per class`, perClass: test.perClass },
    { kind: 'samples', title: `${title}: images and answers (mistakes first)`, samples: m.samples },
  ];
}
