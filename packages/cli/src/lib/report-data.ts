import type { Dataset } from '@shapes/data';
import type { Prediction } from '@shapes/models';
import type { EpochLogs } from '@shapes/train';
import type { ReportSection, SampleImage } from '../report/index.js';
import type { EvaluationSummary } from './evaluation.js';

// Enough pictures to see what goes wrong; the report shows the mistakes first and a count of the rest.
const MAX_SAMPLES = 120;

/**
 * The test images as report samples, mistakes first: each with its true class (or folder name), the answer and
 * its confidence. An image of a class the model does not know is right when it came back `unknown`.
 */
export function samplesOf(
  images: Pick<Dataset, 'images' | 'shape'>,
  predictions: readonly Prediction[],
  truth: readonly string[],
  classNames: readonly string[],
  captions?: readonly string[],
): SampleImage[] {
  const [, h, w, c] = images.shape;
  const per = h * w * c;
  const all = predictions.map((p, i) => {
    const known = classNames.includes(truth[i] as string);
    const correct = known ? !p.unknown && classNames[p.index] === truth[i] : p.unknown;
    return { i, correct };
  });
  const order = [...all.filter((s) => !s.correct), ...all.filter((s) => s.correct)].slice(0, MAX_SAMPLES);
  return order.map(({ i, correct }) => {
    const p = predictions[i] as Prediction;
    const pixels = images.images.subarray(i * per, (i + 1) * per);
    return {
      pixels: pixels instanceof Uint8Array ? pixels : Uint8Array.from(pixels, (v) => Math.round(v * 255)),
      width: w,
      height: h,
      channels: c as 1 | 3,
      truth: truth[i] as string,
      predicted: p.label,
      confidence: p.confidence,
      correct,
      ...(captions?.[i] ? { caption: captions[i] } : {}),
    };
  });
}

/** The report sections of an evaluation: per-class table, confusion matrix, and the images. */
export function evaluationSections(
  title: string,
  summary: EvaluationSummary,
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
