/**
 * Base class of every error the `shapes` command raises on purpose: its message is written as is (no stack
 * trace) and `exitCode` ends the process. `name` is stable for checks without `instanceof`.
 */
export class ShapesCliError extends Error {
  override name = 'ShapesCliError';
  /** The process exit code this error ends the command with. */
  readonly exitCode: number;

  constructor(message: string, exitCode: number, options?: ErrorOptions) {
    super(message, options);
    this.exitCode = exitCode;
  }
}
