import { ShapesRuntimeError } from './shapes-runtime-error.js';

/** The backend asked for (by option or `SHAPES_BACKEND`) cannot run here; the message says why and what to do. */
export class BackendUnavailableError extends ShapesRuntimeError {
  override name = 'BackendUnavailableError';
}
