import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors/usage-error.js';
import { EXIT } from './exit-codes.js';
import { reportError } from './handle-error.js';

/** An error as the packages throw it: matched by class name, as across two copies of a package. */
function packageError(name: string, message: string, cause?: unknown): Error {
  const Base = { ShapesTrainError: class ShapesTrainError extends Error {} }.ShapesTrainError;
  const error = new Base(message, cause === undefined ? undefined : { cause });
  error.name = name;
  return error;
}

function diskFull(): NodeJS.ErrnoException {
  return Object.assign(new Error("ENOSPC: no space left on device, write '/m/weights.bin'"), {
    code: 'ENOSPC',
    syscall: 'write',
  });
}

function run(error: unknown) {
  let text = '';
  const code = reportError(error, (t) => {
    text += t;
  });
  return { code, text };
}

describe('reportError', () => {
  it('gives bad input exit 2 and the message alone', () => {
    expect(run(new UsageError('--out: no.'))).toEqual({ code: EXIT.usage, text: 'error: --out: no.\n' });
  });

  it('gives a write that failed exit 1, not "bad input" and not "a bug"', () => {
    const ckpt = run(packageError('CheckpointError', 'Cannot write the checkpoint "c/last"', diskFull()));
    expect(ckpt.code).toBe(EXIT.failure);
    const raw = run(diskFull());
    expect(raw.code).toBe(EXIT.failure);
    expect(raw.text).toContain('no space left on device');
    expect(raw.text).not.toContain('bug');
  });

  it('gives a folder held by another run exit 1', () => {
    expect(run(packageError('FolderLockedError', 'Another run (pid 7) is writing to "m".')).code).toBe(
      EXIT.failure,
    );
  });

  it('calls anything else a bug, exit 1', () => {
    const bug = run(new TypeError('x is undefined'));
    expect(bug.code).toBe(EXIT.failure);
    expect(bug.text).toContain('looks like a bug');
  });
});
