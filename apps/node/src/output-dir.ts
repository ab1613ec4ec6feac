import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { OS_LITTER } from '@shapes/data/node';
import { type FolderLock, LOCK_FILE, lockFolder } from '@shapes/train/node';
import { InvalidArgumentError } from 'commander';
import { OUTPUT_FILES } from './results.js';

// What the experiment writes (the first part of each of OUTPUT_FILES), and what its model folders hold.
const OUTPUTS = new Set(Object.values(OUTPUT_FILES).map((file) => file.split('/')[0]));
const MODEL_FILES = /^(model\.json|weights\.bin|\.(model\.json|weights\.bin)\..+)$/;
// Nobody's content: the operating system's litter, and this run's lock (or a killed run's, which lockFolder takes over).
const ignored = (name: string) => name === LOCK_FILE || OS_LITTER.has(name);

/**
 * Refuses an output folder that holds something unless `force`: checked before the run, so nobody waits for a
 * training to learn that. A missing or empty folder is fine; a file in its place is refused even with `force`,
 * and so is, with `force`, a folder holding anything the experiment does not write (it is the user's).
 *
 * @throws InvalidArgumentError (bad input) that says to pass --force or choose another --out, or names the file
 *   that is not ours.
 */
export function assertFreeOutput(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) {
    throw new InvalidArgumentError(`--out: "${dir}" is a file, not a folder. Choose another --out.`);
  }
  if (readdirSync(dir).every(ignored)) return;
  if (!force) {
    throw new InvalidArgumentError(
      `--out: the folder "${dir}" already exists and is not empty. Pass --force to replace it, or choose another --out.`,
    );
  }
  const foreign = foreignEntry(dir);
  if (foreign) {
    throw new InvalidArgumentError(
      `--out: "${foreign}" is not a file of the experiment, so --force will not replace "${dir}". Choose another ` +
        '--out, or move that out if the rest is yours to lose.',
    );
  }
}

/** The first entry of `dir` that the experiment would not have written, if any. */
function foreignEntry(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (ignored(entry.name)) continue;
    if (!OUTPUTS.has(entry.name)) return at;
    if (entry.name === 'base' || entry.name === 'transfer') {
      if (!entry.isDirectory()) return at;
      const inner = readdirSync(at).find((name) => !MODEL_FILES.test(name) && !OS_LITTER.has(name));
      if (inner) return path.join(at, inner);
    } else if (!entry.isFile()) return at;
  }
  return undefined;
}

/**
 * {@link assertFreeOutput}, then makes this run the one writer of `dir` until it exits (`lockFolder`): a second
 * run on the same folder stops at once, naming this one, instead of training only to overwrite it. A folder the
 * lock had to create is removed again if the run ends without writing it.
 *
 * @throws FolderLockedError when another live run holds it.
 */
export function claimOutput(dir: string, force: boolean): FolderLock {
  assertFreeOutput(dir, force);
  return lockFolder(dir, `@shapes/node-app ${process.argv.slice(2).join(' ')}`.trim(), {
    removeCreated: true,
  });
}

/**
 * Writes a whole output folder at once: `fill` writes into a temporary folder beside `dir`, which then takes
 * its place (the old folder, with `force`, is renamed aside first and deleted after; this run's lock moves along).
 * A reader such as the web app never sees half a model or a report without its results, and a run that fails
 * leaves `dir` as it was.
 *
 * @returns the absolute folder written.
 */
export async function writeFolderAtomic(
  dir: string,
  force: boolean,
  fill: (temp: string) => Promise<void>,
): Promise<string> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  // Beside the target, so both renames stay on one file system; the random part keeps parallel runs apart.
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const temp = path.join(parent, `.${path.basename(target)}.${tag}.tmp`);
  const old = path.join(parent, `.${path.basename(target)}.${tag}.old`);
  const lock = path.join(target, LOCK_FILE);
  try {
    await mkdir(temp);
    await fill(temp);
    // Checked again: something may have appeared there while the experiment ran.
    assertFreeOutput(target, force);
    if (existsSync(lock)) await rename(lock, path.join(temp, LOCK_FILE));
    if (existsSync(target)) await rename(target, old);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    // Put back what was there if the swap itself failed half way.
    if (existsSync(old) && !existsSync(target)) await rename(old, target);
    throw error;
  }
  await rm(old, { recursive: true, force: true });
  return target;
}
