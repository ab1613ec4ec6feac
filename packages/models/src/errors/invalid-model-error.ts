import { ShapesModelsError } from './shapes-models-error.js';

/** A model or option that cannot be used as asked; the message names it and says what would work. */
export class InvalidModelError extends ShapesModelsError {
  override name = 'InvalidModelError';
}
