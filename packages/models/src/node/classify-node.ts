import type { Classifier } from '../classifier.js';
import { type ClassifyOptions, classifyWith } from '../classify/classify.js';
import type { Classification } from '../classify/top-classes.js';
import { type NodeImageSource, nodeImagePixels } from './read-image-file.js';

/**
 * `classifier.classify` in Node, which also takes file paths and PNG or JPEG bytes (a `Buffer`): the classes of
 * a picture, best first, as `[{ className, probability }]`, with `unknown` first when the model's rule rejects it
 * (its probability is 1 minus the best class's; see `topClasses`). An array of sources gives one list each.
 *
 * @example
 * const [best] = await classify(classifier, 'photo.jpg'); // { className: 'circle', probability: 0.97 }
 * const answers = await classify(classifier, [buffer, decoded, tensor], { topK: 2 });
 * @throws ImageSourceError or ImageFolderError naming a source it cannot read.
 */
export function classify(
  classifier: Classifier,
  source: NodeImageSource,
  options?: ClassifyOptions,
): Promise<Classification[]>;
export function classify(
  classifier: Classifier,
  sources: readonly NodeImageSource[],
  options?: ClassifyOptions,
): Promise<Classification[][]>;
export function classify(
  classifier: Classifier,
  source: NodeImageSource | readonly NodeImageSource[],
  options?: ClassifyOptions,
): Promise<Classification[] | Classification[][]> {
  return classifyWith(classifier, nodeImagePixels)(source as NodeImageSource, options);
}
