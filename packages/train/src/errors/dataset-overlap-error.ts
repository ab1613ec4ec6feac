import { ShapesTrainError } from './shapes-train-error.js';

/**
 * Two datasets that must be disjoint (training and validation, training and test) share images: a model scored
 * on images it trained on looks better than it is.
 */
export class DatasetOverlapError extends ShapesTrainError {
  override name = 'DatasetOverlapError';

  constructor(
    /** How many images of the second set also appear in the first. */
    readonly shared: number,
    message: string,
  ) {
    super(message);
  }
}
