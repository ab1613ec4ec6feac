import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { renderReport } from './render-report.js';
import type { Report } from './types.js';

/**
 * Writes {@link renderReport}'s document to `file`, creating the parent folder. The bytes go to a temporary
 * file beside the target and are then renamed onto it, so a browser that has the report open, or a crash half
 * way, never sees a half-written file. Does not check for an existing file: the caller decides about
 * overwriting.
 *
 * @returns the absolute path written.
 */
export async function writeReport(file: string, report: Report): Promise<string> {
  const target = resolve(file);
  // Rendered first: a report that cannot be drawn then leaves nothing behind, not even an empty folder.
  const html = renderReport(report);
  const folder = dirname(target);
  await mkdir(folder, { recursive: true });
  // Same folder, so the rename stays on one file system and is atomic; the random part keeps parallel runs apart.
  const temp = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, html, 'utf8');
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return target;
}
