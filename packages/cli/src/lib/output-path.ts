import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { UsageError } from '../errors/usage-error.js';

/**
 * Refuses to write over something the user has: an existing file, or a non-empty folder, at `target` is an error
 * unless `force` is set. `what` and `option` name it in the message ("model folder", "--out").
 */
export function assertFreeOutput(
  target: string,
  force: boolean | undefined,
  what: string,
  option: string,
): void {
  if (force || !existsSync(target)) return;
  const isDir = statSync(target).isDirectory();
  if (isDir && readdirSync(target).length === 0) return;
  throw new UsageError(
    `${option}: the ${what} "${target}" already exists. Pass --force to replace it, or choose another ${option}.`,
  );
}

/**
 * Writes `data` to `file` through a temporary file beside it, renamed onto it, creating the parent folder: a crash
 * half way, or a browser that has the file open, never sees half a file. Returns the absolute path written.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<string> {
  const target = path.resolve(file);
  const folder = path.dirname(target);
  await mkdir(folder, { recursive: true });
  // Same folder, so the rename stays on one file system and is atomic; the random part keeps parallel runs apart.
  const temp = path.join(
    folder,
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, data);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return target;
}
