/** Exit codes of the app, as `shapes` uses them. */
export const EXIT = {
  ok: 0,
  /** The run failed for a reason that is not the input's, or a backend that was asked for cannot run. */
  failure: 1,
  /** Bad input: an unknown option or backend, a bad number, an output folder that is not empty. */
  usage: 2,
  interrupted: 130,
} as const;

/** Bad input: printed as `error: <message>` without a stack, exit 2. The message says the fix. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A backend that was asked for (`--backend` or `SHAPES_BACKEND`) cannot run here: exit 1 with the reason. */
export class BackendStartError extends Error {
  override name = 'BackendStartError';
}
