import type { Classifier, Prediction } from '@shapes/models';
import type { AnsweredSet } from '../metrics/answer-set.js';
import { summarizePredictions } from '../metrics/prediction-summary.js';
import { readFolder } from './training-sets.js';

// Images per progress step: small enough for a smooth progress display, large enough to keep the backend busy.
const STEP = 512;

/** Options of {@link evaluateFolder}. */
export interface EvaluateFolderOptions {
  /** Called after each step of images answered, with how many of how many. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Measures `classifier` on an ImageFolder: reads every image in its input format (any size, colour or polarity),
 * answers each, and summarizes the answers against the folder's classes. Folders of classes the classifier does
 * not know hold images that should come back `unknown`; the summary counts how many did.
 *
 * @example
 * const { summary } = await evaluateFolder(classifierOf(model, metadata), 'photos/');
 * console.log(summary.accuracy, summary.unknown.auroc);
 */
export async function evaluateFolder(
  classifier: Classifier,
  dir: string,
  { onProgress }: EvaluateFolderOptions = {},
): Promise<AnsweredSet> {
  const data = await readFolder(dir, classifier);
  const [n, h, w, c] = data.shape;
  const per = h * w * c;
  const predictions: Prediction[] = [];
  for (let i = 0; i < n; i += STEP) {
    const m = Math.min(STEP, n - i);
    predictions.push(
      ...classifier.predict({ images: data.images.subarray(i * per, (i + m) * per), shape: [m, h, w, c] }),
    );
    onProgress?.(i + m, n);
  }
  const truth = Array.from(data.labels, (l) => data.classNames[l] as string);
  const summary = summarizePredictions(predictions, truth, classifier.classNames, {
    openSet: classifier.openSet,
  });
  return { data, predictions, truth, summary };
}
