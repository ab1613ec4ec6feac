import type { Classifier } from '../classifier.js';
import { type ImageSource, imagePixels, type PixelImage } from './image-source.js';
import { readBatch } from './model-input.js';
import { type Classification, checkTopK, topClasses } from './top-classes.js';

/** Options of `classify`. */
export interface ClassifyOptions {
  /** How many answers to return per image, best first, `unknown` included. Default: all. */
  topK?: number;
}

/** `classify` over sources of kind `S`: one source gives one ranked list, an array gives one list per source. */
export interface ClassifyFunction<S> {
  (source: S, options?: ClassifyOptions): Promise<Classification[]>;
  (sources: readonly S[], options?: ClassifyOptions): Promise<Classification[][]>;
}

/** What `classify` needs of a classifier. */
export type Answering = Pick<Classifier, 'classNames' | 'inputSize' | 'channels' | 'predict'>;

/**
 * The `classify` of `classifier`, reading sources with `read` (`imagePixels`, or the file-reading one of
 * `@shapes/models/node`): every source is read, turned to the model's channels and input size
 * (`imageBatchOf`), predicted in one batch with the classifier's own preprocessing and `unknown` rule, and
 * ranked (`topClasses`).
 */
export function classifyWith<S = ImageSource>(
  classifier: Answering,
  read: (source: S) => Promise<PixelImage> = imagePixels as (source: S) => Promise<PixelImage>,
): ClassifyFunction<S> {
  async function classify(source: S | readonly S[], { topK }: ClassifyOptions = {}) {
    checkTopK(topK);
    const many = Array.isArray(source);
    const sources: readonly S[] = many ? source : [source as S];
    if (sources.length === 0) return [];
    const batch = await readBatch(sources, classifier, read);
    const answers = classifier.predict(batch).map((p) => topClasses(p, classifier.classNames, topK));
    return many ? answers : answers[0];
  }
  return classify as ClassifyFunction<S>;
}
