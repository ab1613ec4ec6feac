import { ShapesDataError } from '@shapes/data';
import { ShapesModelsError } from '@shapes/models';
import { ShapesRuntimeError } from '@shapes/runtime';
import { ShapesTrainError } from '@shapes/train';
import { CommanderError } from 'commander';

// The packages' own errors name the problem and what to do; anything else is a bug, worth its stack.
const PACKAGE_ERRORS = [ShapesDataError, ShapesModelsError, ShapesRuntimeError, ShapesTrainError];

/**
 * Writes `error: <message>` and returns the exit code: 0 after `--help`, 2 for bad input (commander's errors: an
 * unknown option or backend, a bad value, an output folder that is taken), 1 for everything else (a backend
 * that cannot run, another run holding the folder, a failed run). The stack only with SHAPES_DEBUG=1, and only
 * for errors the packages did not raise on purpose.
 */
export function exitCodeOf(
  error: unknown,
  write: (text: string) => void = (text) => process.stderr.write(text),
): number {
  if (error instanceof CommanderError && error.exitCode === 0) return 0;
  write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof CommanderError) return 2;
  if (!PACKAGE_ERRORS.some((type) => error instanceof type)) {
    const debug = process.env.SHAPES_DEBUG === '1' && error instanceof Error;
    write(debug ? `${error.stack}\n` : '(SHAPES_DEBUG=1 shows where it failed)\n');
  }
  return 1;
}
