import type { SampleImage } from '@shapes/cli/report';
import type { Dataset } from '@shapes/data';
import type { Prediction } from '@shapes/models';
import { auroc, classificationReport } from '@shapes/train';

/** The answer of a model for an image that looks like none of its classes. */
export const UNKNOWN = 'unknown';

/** How a model did on held-out images of its classes and on images of classes it does not know. */
export interface EvaluationSummary {
  images: number;
  /** Over images of known classes, by the most likely class (the usual accuracy). */
  accuracy: number;
  /** The same, counting an `unknown` answer as wrong: what a user of the saved model sees. */
  accuracyWithUnknown: number;
  macroF1: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** Rows: true classes, then `unknown` for all classes the model does not know; columns: answers. */
  confusion: { labels: string[]; columns: string[]; matrix: number[][] };
  unknown: {
    /** Images of classes the model does not know: they should come back `unknown`. */
    expected: number;
    flagged: number;
    /** Images of known classes answered `unknown`. */
    knownFlagged: number;
    /** How well the open-set score ranks known above unknown images (null without both, or without a rule). */
    auroc: number | null;
    classes: string[];
  };
}

/**
 * Scores predictions against true class names, some of which the model may not know (those images should
 * come back `unknown`). Accuracy and per-class figures are over the known images; open-set figures apart.
 */
export function summarize(
  predictions: readonly Prediction[],
  truth: readonly string[],
  classNames: readonly string[],
): EvaluationSummary {
  if (predictions.length !== truth.length) {
    throw new Error(`${predictions.length} predictions for ${truth.length} true labels`);
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
  const labels = [...classNames, ...(unknownAt.length > 0 ? [UNKNOWN] : [])];
  const columns = [...classNames, UNKNOWN];
  const matrix = labels.map(() => columns.map(() => 0));
  predictions.forEach((p, i) => {
    const row = known[i] as number;
    const column = p.unknown ? classNames.length : p.index;
    (matrix[row >= 0 ? row : classNames.length] as number[])[column]! += 1;
  });
  const right = knownAt.filter((i) => !predictions[i]!.unknown && predictions[i]!.index === known[i]).length;
  const scores = predictions.map((p) => p.score);
  const canRank = knownAt.length > 0 && unknownAt.length > 0 && scores.every((s) => !Number.isNaN(s));
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
      knownFlagged: knownAt.filter((i) => predictions[i]!.unknown).length,
      // A high score means "known", so known images are the positives.
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

/**
 * The images as report samples, mistakes first (at most half of them while right answers remain), at most `limit`: each with its true class, the answer and its
 * confidence. An image of a class the model does not know is right when it came back `unknown`.
 */
export function samplesOf(
  images: Pick<Dataset, 'images' | 'shape'>,
  predictions: readonly Prediction[],
  truth: readonly string[],
  classNames: readonly string[],
  limit = 96,
): SampleImage[] {
  const [, h, w, c] = images.shape;
  const per = h * w * c;
  const all = predictions.map((p, i) => {
    const known = classNames.includes(truth[i] as string);
    return { i, correct: known ? !p.unknown && classNames[p.index] === truth[i] : p.unknown };
  });
  // Mistakes fill at most half the grid when there are right answers to show, so the page never reads as if the
  // model got nothing right (on unknown shapes most answers are mistakes).
  const wrong = all.filter((s) => !s.correct);
  const right = all.filter((s) => s.correct);
  const shownWrong = Math.max(Math.ceil(limit / 2), limit - right.length);
  const order = [...wrong.slice(0, shownWrong), ...right].slice(0, limit);
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
    };
  });
}
