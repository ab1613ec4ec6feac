import type { EpochLogs, PredictionSummary } from '@shapes/train';
import type { ReportSection, SampleImage } from '../report/index.js';

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
