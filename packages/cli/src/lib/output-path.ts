import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
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

/** Writes `text` to `file` through a temporary file beside it, so a crash never leaves half a file. */
export async function writeTextAtomic(file: string, text: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}
