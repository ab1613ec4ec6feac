import type { LockHolder } from '../node/folder-lock.js';
import { ShapesTrainError } from './shapes-train-error.js';

/** Another live run is writing to the folder (see `lockFolder`); the message names it and what to do. */
export class FolderLockedError extends ShapesTrainError {
  override name = 'FolderLockedError';

  constructor(
    readonly dir: string,
    /** The lock file, to delete by hand when no such run exists (a lock from another machine). */
    readonly file: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder
      ? `Another run (pid ${holder.pid} on ${holder.host}, since ${holder.since}, ${holder.purpose}) is`
      : 'Another run is';
    super(
      `${who} writing to "${dir}". Wait for it to finish, or choose another folder. If no such run exists ` +
        `(it ran on another machine), delete "${file}".`,
    );
  }
}
