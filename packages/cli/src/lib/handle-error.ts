import { EXIT } from './exit-codes.js';

// Errors the packages raise on purpose: their messages already name the problem and the fix, so they are shown
// as they are, as bad input. Matched by `name` through the prototype chain, so two copies of a package (or a
// bundled one) still match.
const EXPECTED_BASES = new Set([
  'ShapesCliError',
  'ShapesDataError',
  'ShapesModelsError',
  'ShapesTrainError',
  'ShapesRuntimeError',
]);

// Expected errors that are not the input's fault: the run could not go on (another run holds the folder, the disk
// refused a write), so they exit 1, not 2.
const RUN_FAILURES = new Set(['FolderLockedError']);

/** A Node.js system error (ENOSPC, EIO...) from the file system, as opposed to a bug in our code. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  const e = error as NodeJS.ErrnoException | null;
  return e instanceof Error && typeof e.code === 'string' && typeof e.syscall === 'string';
}

function isExpected(error: unknown): error is Error & { exitCode?: number } {
  for (let p = error; p && typeof p === 'object'; p = Object.getPrototypeOf(p)) {
    const name = (p as { constructor?: { name?: string } }).constructor?.name;
    if (name && EXPECTED_BASES.has(name)) return true;
  }
  return false;
}

/**
 * Writes `error` for a person and returns the exit code: the message alone for the errors the packages raise
 * on purpose (bad input, exit 2, or the error's own code), and for anything else the message, a hint that it is
 * a bug, and the stack only when `SHAPES_DEBUG` is set.
 */
export function reportError(error: unknown, write: (text: string) => void = (t) => process.stderr.write(t)) {
  if (isExpected(error)) {
    write(`error: ${error.message}\n`);
    if (typeof error.exitCode === 'number') return error.exitCode;
    const failed =
      RUN_FAILURES.has(error.name) || (error.name === 'CheckpointError' && isSystemError(error.cause));
    return failed ? EXIT.failure : EXIT.usage;
  }
  if (isSystemError(error)) {
    // The disk or the OS refused (a full disk, a folder that became read-only): say so, not "a bug".
    write(`error: ${error.message}. Check the path, the free space and the permissions, then run again.\n`);
    return EXIT.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  write(`error: ${message}\n`);
  if (process.env.SHAPES_DEBUG) write(`${(error as Error)?.stack ?? ''}\n`);
  else
    write(
      'This looks like a bug in shapes; run again with SHAPES_DEBUG=1 for the stack trace and report it.\n',
    );
  return EXIT.failure;
}
