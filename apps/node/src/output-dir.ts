import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError } from './errors.js';

// What the experiment writes (see OUTPUT_FILES), and the litter an operating system drops into opened folders.
const OUTPUTS = new Set(['base', 'transfer', 'report.html', 'results.json']);
const MODEL_FILES = /^(model\.json|weights\.bin|\.(model\.json|weights\.bin)\..+)$/;
const OS_LITTER = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/**
 * Refuses an output folder that holds something unless `force`: checked before the run, so nobody waits for a
 * training to learn that. A missing or empty folder is fine; a file in its place is refused even with `force`,
 * and so is, with `force`, a folder holding anything the experiment does not write (it is the user's).
 *
 * @throws UsageError that says to pass --force or choose another --out, or names the file that is not ours.
 */
export function assertFreeOutput(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) {
    throw new UsageError(`--out: "${dir}" is a file, not a folder. Choose another --out.`);
  }
  if (readdirSync(dir).length === 0) return;
  if (!force) {
    throw new UsageError(
      `--out: the folder "${dir}" already exists and is not empty. Pass --force to replace it, or choose another --out.`,
    );
  }
  const foreign = foreignEntry(dir);
  if (foreign) {
    throw new UsageError(
      `--out: "${foreign}" is not a file of the experiment, so --force will not replace "${dir}". Choose another ` +
        '--out, or move that out if the rest is yours to lose.',
    );
  }
}

/** The first entry of `dir` that the experiment would not have written, if any. */
function foreignEntry(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (OS_LITTER.has(entry.name)) continue;
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
 * Writes a whole output folder at once: `fill` writes into a temporary folder beside `dir`, which then takes
 * its place (the old folder, with `force`, is renamed aside first and deleted after). A reader such as the web
 * app never sees half a model or a report without its results, and a run that fails leaves `dir` as it was.
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
  try {
    await mkdir(temp);
    await fill(temp);
    // Checked again: something may have appeared there while the experiment ran.
    assertFreeOutput(target, force);
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
