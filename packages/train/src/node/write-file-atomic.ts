import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

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
