import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { FolderLockedError } from '../errors/folder-locked-error.js';

/** The file that marks a folder as being written by one run. */
export const LOCK_FILE = '.shapes.lock';

/** What a lock file says about the run that holds it. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601 time the lock was taken. */
  since: string;
  /** What the run is doing, for the message a second run gets. */
  purpose: string;
}

/** Options of {@link lockFolder}. */
export interface LockFolderOptions {
  /**
   * On release, also remove the folder when the lock created it and it holds nothing else then, so a run that
   * failed before writing leaves no empty folder behind. Default: false.
   */
  removeCreated?: boolean;
}

/** A held lock: {@link FolderLock.release} frees it; it is also freed when the process exits. */
export interface FolderLock {
  readonly file: string;
  release(): void;
}

// A guard older than this was left by a process killed while it took over a stale lock.
const STALE_GUARD_MS = 10_000;

/**
 * Makes this process the one writer of `dir` (created if missing) until `release()` or exit: a second run that
 * asks for the same folder gets a {@link FolderLockedError} naming the holder. A lock whose process has died
 * (killed, crashed) is stale and is taken over, so a kill never blocks the folder for good.
 *
 * Written by hand rather than with a time-based lock library: training blocks the event loop for seconds at a
 * time, so a lock refreshed by a timer would look stale while its run is alive. The pid check is exact on one
 * machine; a lock from another host is never taken over (the message says how to remove it).
 *
 * @throws FolderLockedError when a live run holds the folder.
 */
export function lockFolder(dir: string, purpose: string, options: LockFolderOptions = {}): FolderLock {
  const created = options.removeCreated === true && !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString(), purpose };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, me)) return held(file, created);
    const holder = readHolder(file);
    if (holder && isAlive(holder)) throw new FolderLockedError(dir, file, holder);
    takeOverStale(file, holder);
  }
  throw new FolderLockedError(dir, file, readHolder(file));
}

function held(file: string, removeFolder: boolean): FolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only our own lock: a second release after a takeover must not free another run's.
    if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
    if (removeFolder) {
      try {
        rmdirSync(path.dirname(file));
      } catch {
        // Not empty: the run wrote into it, or someone else did.
      }
    }
  };
  process.on('exit', release);
  return { file, release };
}

function tryCreate(file: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The holder a lock file names; undefined while it is being written or when it is unreadable. */
export function readHolder(file: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
    return Number.isInteger(holder?.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(holder: LockHolder): boolean {
  return holder.host !== hostname() || holder.pid === process.pid || isRunning(holder.pid);
}

/** Whether a process with this pid runs on this machine. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a dead run's lock. Two runs may find the same stale lock at once: a guard folder (mkdir is atomic) lets
 * one of them remove it, and it removes it only if it still names the dead holder, never a new live one.
 */
function takeOverStale(file: string, holder: LockHolder | undefined): void {
  const guard = `${file}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(guard).mtimeMs > STALE_GUARD_MS)
        rmSync(guard, { recursive: true, force: true });
    } catch {}
    waitBriefly();
    return;
  }
  try {
    const now = readHolder(file);
    // An unreadable lock (a kill between create and write) counts as stale only when it still is after the guard.
    if (now ? !isAlive(now) && now.pid === holder?.pid : true) {
      const aside = `${file}.stale-${process.pid}`;
      try {
        renameSync(file, aside);
        rmSync(aside, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  } finally {
    rmSync(guard, { recursive: true, force: true });
  }
}

function waitBriefly(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
}
