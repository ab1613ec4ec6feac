import { ShapesTrainError } from './shapes-train-error.js';

/** An argument that cannot be used as given (wrong length, out of range, not an integer); the message names it. */
export class InvalidArgumentError extends ShapesTrainError {
  override name = 'InvalidArgumentError';
}
