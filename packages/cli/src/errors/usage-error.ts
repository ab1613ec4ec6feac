import { EXIT } from '../lib/exit-codes.js';
import { ShapesCliError } from './shapes-cli-error.js';

/** Input the command cannot use (a bad option, a missing file, an output that exists); the message says the fix. */
export class UsageError extends ShapesCliError {
  override name = 'UsageError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, EXIT.usage, options);
  }
}
