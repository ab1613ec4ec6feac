import type { Dataset } from '@shapes/data';
import type { Prediction } from '@shapes/models';
import type { SampleImage } from './types.js';

/** Options of {@link samplesOf}. */
export interface SamplesOfOptions {
  /** A caption per image (for example its file name). */
  captions?: readonly string[];
  /** At most this many images. Default: 120, enough to see what goes wrong. */
  limit?: number;
}

/**
 * Test images as the report's samples, mistakes first: each with its true class, the answer and its
 * confidence. An image of a class the model does not know is right when it came back `unknown`. Mistakes fill at
 * most half of the grid while right answers remain, so a page of unknown shapes (mostly mistakes) still shows
 * what the model gets right.
 */
export function samplesOf(
  images: Pick<Dataset, 'images' | 'shape'>,
  predictions: readonly Prediction[],
  truth: readonly string[],
  classNames: readonly string[],
  { captions, limit = 120 }: SamplesOfOptions = {},
): SampleImage[] {
  const [, h, w, c] = images.shape;
  const per = h * w * c;
  const all = predictions.map((p, i) => {
    const known = classNames.includes(truth[i] as string);
    return { i, correct: known ? !p.unknown && classNames[p.index] === truth[i] : p.unknown };
  });
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
      ...(captions?.[i] ? { caption: captions[i] } : {}),
    };
  });
}
