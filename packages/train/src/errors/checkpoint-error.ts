import { ShapesTrainError } from './shapes-train-error.js';

/** A checkpoint cannot be written, read or resumed from; the message says which file and why. */
export class CheckpointError extends ShapesTrainError {
  override name = 'CheckpointError';
}
