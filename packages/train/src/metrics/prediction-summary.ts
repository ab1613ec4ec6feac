import type { Prediction } from '@shapes/models';
import { auroc } from './auroc.js';
import { classificationReport } from './classification-report.js';

/** The answer `predict` gives for an image that looks like none of the model's classes. */
export const UNKNOWN_LABEL = 'unknown';

/** How a model did on held-out images of its classes and on images of classes it does not know. */
export interface PredictionSummary {
  images: number;
  /** Of the images of classes the model knows: the share whose most likely class is right. */
  accuracy: number;
  /** The same, counting an image answered `unknown` as wrong (what a user of `predict` sees). */
  accuracyWithUnknown: number;
  macroF1: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** Rows: true classes (`unknown` gathers every class the model does not know); columns: answers. */
  confusion: { labels: string[]; columns: string[]; matrix: number[][] };
  unknown: {
    /** Images of classes the model does not know, which should come back `unknown`. */
    expected: number;
    /** Of those, how many did. */
    flagged: number;
    /** Images of known classes wrongly answered `unknown`. */
    knownFlagged: number;
    /**
     * Their share of the images of known classes (NaN when there are none): an `unknown` that cries wolf on
     * people's drawings of known shapes shows here, beside `accuracy`.
     */
    knownFlaggedShare: number;
    /** How well the open-set score separates known from unknown images (null when either is missing). */
    auroc: number | null;
    /** The classes of the data the model does not know. */
    classes: string[];
  };
}

/**
 * Scores open-set predictions (from `predict` or a `FewShotClassifier`) against true class names, which may
 * include classes the model does not know: those images are expected to come back `unknown`. Per-class figures
 * and `accuracy` are over the known images, by the most likely class, as in any classification report; the
 * open-set figures are apart. `openSet: false` (a model without a rule) leaves the `unknown` column out.
 *
 * @example
 * const { data, truth } = withUnknowns(test, hexagons);
 * const s = summarizePredictions(predict(model, data, { classNames, rule }), truth, classNames);
 * s.unknown; // { expected: 100, flagged: 3, knownFlagged: 1, knownFlaggedShare: 0.0033, auroc: 0.81, ... }
 */
export function summarizePredictions(
  predictions: readonly Prediction[],
  truth: readonly string[],
  classNames: readonly string[],
  { openSet = true }: { openSet?: boolean } = {},
): PredictionSummary {
  if (predictions.length !== truth.length) {
    throw new RangeError(
      `summarizePredictions: ${predictions.length} predictions for ${truth.length} true labels.`,
    );
  }
  const known = truth.map((t) => classNames.indexOf(t));
  const knownAt = known.flatMap((k, i) => (k >= 0 ? [i] : []));
  const unknownAt = known.flatMap((k, i) => (k < 0 ? [i] : []));
  const report =
    knownAt.length > 0
      ? classificationReport(
          knownAt.map((i) => known[i] as number),
          knownAt.map((i) => (predictions[i] as Prediction).index),
          [...classNames],
        )
      : undefined;
  const labels = [...classNames, ...(unknownAt.length > 0 ? [UNKNOWN_LABEL] : [])];
  const columns = [...classNames, ...(openSet ? [UNKNOWN_LABEL] : [])];
  const matrix = labels.map(() => columns.map(() => 0));
  predictions.forEach((p, i) => {
    const row = known[i] as number;
    const col = p.unknown ? classNames.length : p.index;
    (matrix[row >= 0 ? row : classNames.length] as number[])[col]! += 1;
  });
  const scores = predictions.map((p) => p.score);
  const canRank =
    openSet && knownAt.length > 0 && unknownAt.length > 0 && scores.every((s) => !Number.isNaN(s));
  const right = knownAt.filter((i) => !predictions[i]!.unknown && predictions[i]!.index === known[i]).length;
  const knownFlagged = knownAt.filter((i) => predictions[i]!.unknown).length;
  return {
    images: predictions.length,
    accuracy: report?.accuracy ?? Number.NaN,
    accuracyWithUnknown: knownAt.length > 0 ? right / knownAt.length : Number.NaN,
    macroF1: report?.macroF1 ?? Number.NaN,
    perClass: Object.fromEntries(
      (report?.perClass ?? []).map((m) => [
        m.name,
        { precision: m.precision, recall: m.recall, f1: m.f1, support: m.support },
      ]),
    ),
    confusion: { labels, columns, matrix },
    unknown: {
      expected: unknownAt.length,
      flagged: unknownAt.filter((i) => predictions[i]!.unknown).length,
      knownFlagged,
      knownFlaggedShare: knownAt.length > 0 ? knownFlagged / knownAt.length : Number.NaN,
      auroc: canRank
        ? auroc(
            scores,
            known.map((k) => k >= 0),
          )
        : null,
      classes: [...new Set(unknownAt.map((i) => truth[i] as string))].sort(),
    },
  };
}
