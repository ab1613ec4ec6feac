import { ShapesRuntimeError } from './shapes-runtime-error.js';

/** A training kernel was called with attributes it does not implement (e.g. a dilated convolution). */
export class UnsupportedKernelError extends ShapesRuntimeError {
  override name = 'UnsupportedKernelError';
}
