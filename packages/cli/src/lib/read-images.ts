import { readFile, stat } from 'node:fs/promises';
import { decodeImage, resizeImage, toChannels } from '@shapes/data/node';
import type { InputFormat } from '@shapes/train/node';
import { UsageError } from '../errors/usage-error.js';

/**
 * Reads image files (PNG or JPEG, any size, gray, colour or with alpha) as one batch in the model's input format.
 * Each file must exist and be an image; the message names the one that is not.
 */
export async function readImageFiles(files: readonly string[], format: InputFormat) {
  const { inputSize: size, channels } = format;
  const per = size * size * channels;
  const images = new Uint8Array(files.length * per);
  for (const [i, file] of files.entries()) {
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new UsageError(`Image file "${file}" does not exist. Check the path.`);
    if (!info.isFile()) throw new UsageError(`"${file}" is not a file. Pass PNG or JPEG files.`);
    const decoded = decodeImage(new Uint8Array(await readFile(file)), file);
    const converted = toChannels(decoded.data, decoded.width, decoded.height, decoded.channels, channels);
    images.set(resizeImage(converted, decoded.width, decoded.height, channels, size, size), i * per);
  }
  return { images, shape: [files.length, size, size, channels] as [number, number, number, number] };
}
