import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type ContactSheetOptions, contactSheet } from '../contact-sheet.js';
import { encodePng } from './png.js';

/**
 * Renders a contact sheet (see `contactSheet`) and writes it as a PNG file, atomically: a temporary file
 * beside it is renamed into place. Returns the sheet's size.
 */
export async function writeContactSheet(
  file: string,
  options: ContactSheetOptions,
): Promise<{ width: number; height: number }> {
  const sheet = contactSheet(options);
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, encodePng(sheet.data, sheet.width, sheet.height, 3));
  await rename(tmp, file);
  return { width: sheet.width, height: sheet.height };
}
