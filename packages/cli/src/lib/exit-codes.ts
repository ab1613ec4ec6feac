/**
 * The exit codes of `shapes`, listed in `--help`: scripts can tell bad input (fix the command line) from a
 * failure of the run itself.
 */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** The run failed for a reason that is not the input's (a bug, a crash, a failed check of `demo`). */
  failure: 1,
  /** Bad input: an unknown option or shape, a missing or unreadable file, an output that exists. */
  usage: 2,
  /** Interrupted by Ctrl-C. */
  interrupted: 130,
} as const;
