import { ShapesModelsError } from './shapes-models-error.js';

/**
 * A saved model that cannot be read or written safely: missing, broken, truncated, oversized, or pointing
 * outside its folder. `path` names the file (or URL) at fault and the message says how to fix it.
 */
export class ModelFileError extends ShapesModelsError {
  override name = 'ModelFileError';
  constructor(
    message: string,
    readonly path: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
