import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readSync,
  rmdirSync,
  statSync,
} from 'node:fs';
import * as path from 'node:path';
import { OS_LITTER } from '@shapes/data/node';
import { CHECKPOINTS_DIR, holdsCheckpointedRun, LOCK_FILE, lockFolder } from '@shapes/train/node';
import { UsageError } from '../errors/usage-error.js';

/**
 * What an output holds when `shapes` wrote it: `--force` replaces only these, never a folder of the user's.
 * - `model`: a model folder (`model.json`, `weights.bin`, `checkpoints/`, and the `metadata.json` of an export in
 *   Teachable Machine's format);
 * - `models`: the demo's folder of model folders (`base/`, `transfer/`);
 * - `dataset`: an ImageFolder that `shapes generate` wrote (its `manifest.json`; the class folders are checked
 *   again when it is replaced);
 * - `report`: an HTML report of `shapes`.
 */
export type OutputKind = 'model' | 'models' | 'dataset' | 'report';

// A model folder's own files, its save's temporary files (`.weights.bin.<pid>.<hex>.tmp`) and the run's lock.
const MODEL_ENTRY =
  /^(model\.json|weights\.bin|metadata\.json|checkpoints|\.shapes\.lock|\.(model\.json|weights\.bin|metadata\.json)\..+)$/;
// A checkpoint folder: `last` and `best`, their saves' temporary and old folders, the run's files, the lock.
const CHECKPOINT_ENTRY = /^(last|best|run\.json|\.shapes\.lock|\.(last|best|run\.json)\..+)$/;
const REPORT_MARK = 'Written by the <code>shapes</code> command.';

/**
 * Refuses to write over something the user has. An existing file, or a non-empty folder, at `target` is an error
 * unless `force` is set; with `force`, it is replaced only if it is what `shapes` itself writes there (`kind`),
 * and anything else in it is named in the error. `what` and `option` name the output ("model folder", "--out").
 */
export function assertFreeOutput(
  target: string,
  force: boolean | undefined,
  what: string,
  option: string,
  kind: OutputKind,
): void {
  if (!existsSync(target)) return;
  const isDir = statSync(target).isDirectory();
  if (!isDir && kind !== 'report') {
    throw new UsageError(
      `${option}: "${target}" is a file, not a folder. Choose a folder path for the ${what}.`,
    );
  }
  // A lock left by a killed run is no content: the lock itself stops a live one. Nor is the checkpoints folder of
  // a model run killed before it wrote its run.json: there is nothing in it to resume, and the new run clears it.
  if (
    isDir &&
    readdirSync(target).every(
      (n) => n === LOCK_FILE || OS_LITTER.has(n) || runlessCheckpoints(target, n, kind),
    )
  ) {
    return;
  }
  if (!force) {
    throw new UsageError(
      `${option}: the ${what} "${target}" already exists. Pass --force to replace it, or choose another ${option}.`,
    );
  }
  const foreign = kind === 'report' ? foreignReport(target, isDir) : foreignEntry(target, isDir, kind);
  if (foreign) {
    throw new UsageError(
      `${option}: "${target}" is not a ${what} that shapes wrote ("${foreign}" is not one of its files), so ` +
        `--force will not replace it. Choose another ${option}, or move that out if the rest is yours to lose.`,
    );
  }
}

function runlessCheckpoints(target: string, name: string, kind: OutputKind): boolean {
  if (kind !== 'model' || name !== CHECKPOINTS_DIR) return false;
  return statSync(path.join(target, name)).isDirectory() && !holdsCheckpointedRun(target);
}

/** The first thing in `target` that `shapes` would not have written there as a `kind`, if any. */
function foreignEntry(
  target: string,
  isDir: boolean,
  kind: Exclude<OutputKind, 'report'>,
): string | undefined {
  if (!isDir) return target;
  const entries = readdirSync(target, { withFileTypes: true }).filter((e) => !OS_LITTER.has(e.name));
  const at = (name: string) => path.join(target, name);
  for (const entry of entries) {
    if (kind === 'dataset') {
      if (entry.name === 'contact-sheet.png' && entry.isFile()) continue;
      if (entry.isDirectory() || entry.name === 'manifest.json') continue;
      return at(entry.name);
    }
    if (kind === 'models') {
      if (!['base', 'transfer'].includes(entry.name) || !entry.isDirectory()) return at(entry.name);
      const inner = foreignEntry(at(entry.name), true, 'model');
      if (inner) return inner;
      continue;
    }
    if (!MODEL_ENTRY.test(entry.name)) return at(entry.name);
    if (entry.name === 'checkpoints') {
      if (!entry.isDirectory()) return at(entry.name);
      const inner = readdirSync(at(entry.name)).find((n) => !OS_LITTER.has(n) && !CHECKPOINT_ENTRY.test(n));
      if (inner) return path.join(at(entry.name), inner);
    }
  }
  if (kind === 'dataset' && !entries.some((e) => e.name === 'manifest.json'))
    return at('manifest.json (missing)');
  if (
    kind === 'model' &&
    entries.length > 0 &&
    !entries.some((e) => /^(model\.json|checkpoints)$/.test(e.name))
  ) {
    return at(entries[0]?.name ?? '');
  }
  return undefined;
}

function foreignReport(target: string, isDir: boolean): string | undefined {
  if (isDir) return target;
  // The mark is in the footer: read the end only, whatever the file's size.
  const fd = openSync(target, 'r');
  try {
    const size = fstatSync(fd).size;
    const tail = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, tail, 0, tail.length, size - tail.length);
    return tail.toString('utf8').includes(REPORT_MARK) ? undefined : target;
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes this run the one writer of the output folder `dir` until it exits (a killed run's lock is taken over by
 * the next): a second run on the same folder stops with a message naming the first, rather than racing it.
 */
export function lockOutput(dir: string): void {
  const created = !existsSync(dir);
  const lock = lockFolder(dir, `shapes ${process.argv.slice(2).join(' ')}`.trim());
  // A run that fails before writing anything leaves no empty folder of its own behind.
  process.once('exit', () => {
    lock.release();
    if (!created) return;
    try {
      rmdirSync(dir);
    } catch {}
  });
}
