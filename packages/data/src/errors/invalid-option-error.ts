import { ShapesDataError } from './shapes-data-error.js';

/** An option was out of range or of the wrong kind; the message names the option and what it accepts. */
export class InvalidOptionError extends ShapesDataError {
  override readonly name = 'InvalidOptionError';
}
