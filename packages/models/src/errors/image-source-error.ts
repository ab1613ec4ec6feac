import { ShapesModelsError } from './shapes-models-error.js';

/**
 * An image that cannot be read for a model: a kind of source `classify` does not take, one without pixels yet
 * (an image still loading, a video before its first frame), or pixels whose sizes do not add up. The message
 * names the source and says what would work.
 */
export class ImageSourceError extends ShapesModelsError {
  override name = 'ImageSourceError';
}
