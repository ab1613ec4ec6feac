import { ShapesModelsError } from './shapes-models-error.js';

/** A save that would replace an existing model without `overwrite: true`; `path` names the file in the way. */
export class ModelExistsError extends ShapesModelsError {
  override name = 'ModelExistsError';
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
