import type { Dataset } from '@shapes/data';
import type { Classifier, Prediction } from '@shapes/models';
import { withUnknowns } from '../experiments/outliers.js';
import { type PredictionSummary, summarizePredictions } from './prediction-summary.js';

/** Images, the model's answers and the true labels (`unknown` for shapes it was not taught). */
export interface AnsweredSet {
  data: Dataset;
  predictions: Prediction[];
  truth: string[];
  summary: PredictionSummary;
}

/**
 * `classifier`'s answers for held-out images of its classes, followed by `unknown`'s images (of classes it does
 * not know, which should come back `unknown`), with their true labels and summary.
 */
export function answerSet(
  classifier: Pick<Classifier, 'predict' | 'classNames' | 'openSet'>,
  known: Dataset,
  unknown?: Dataset,
): AnsweredSet {
  const { data, truth } = unknown
    ? withUnknowns(known, unknown)
    : { data: known, truth: Array.from(known.labels, (l) => known.classNames[l] as string) };
  const predictions = classifier.predict(data);
  const summary = summarizePredictions(predictions, truth, classifier.classNames, {
    openSet: classifier.openSet,
  });
  return { data, predictions, truth, summary };
}
