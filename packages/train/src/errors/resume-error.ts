import type { RunOptions } from '../node/training-run.js';
import { ShapesTrainError } from './shapes-train-error.js';

/** Why a run cannot be resumed, with what a caller needs to say so in its own words. */
export type ResumeProblem =
  /** The folder holds no `run.json`: nothing was ever started there. */
  | { reason: 'no-run'; file: string }
  /** `run.json` exists but cannot be read as JSON (the error's `cause` says why). */
  | { reason: 'unreadable'; file: string }
  /** An option given to the resume differs from the one the run was started with. */
  | { reason: 'mismatch'; option: keyof RunOptions; saved: unknown; given: unknown }
  /** The run has trained the epochs asked for already, and its model is saved. */
  | { reason: 'trained'; epochs: number };

/**
 * A training run cannot be resumed as asked; `problem` says why in fields, so a command can name its own flags,
 * and the message says it in the library's terms.
 */
export class ResumeError extends ShapesTrainError {
  override name = 'ResumeError';

  constructor(
    readonly problem: ResumeProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
