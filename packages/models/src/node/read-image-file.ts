import { readFile, stat } from 'node:fs/promises';
import type { DecodedImage } from '@shapes/data';
import { decodeImage } from '@shapes/data/node';
import { type ImageSource, imagePixels, type PixelImage } from '../classify/image-source.js';
import { type ByteBatch, type ImageFormat, readBatch } from '../classify/model-input.js';
import { ImageSourceError } from '../errors/image-source-error.js';

/** What `classify` of `@shapes/models/node` takes: any {@link ImageSource}, a file path, or a PNG or JPEG file's bytes (a `Buffer` is one). */
export type NodeImageSource = ImageSource | string | Uint8Array;

/**
 * Decodes a PNG or JPEG file, given as a path or as the file's bytes (`decodeImage` of `@shapes/data/node`: any
 * size, gray, colour or with alpha, EXIF orientation applied).
 *
 * @throws ImageSourceError when the path does not exist or is not a file; ImageFolderError of `@shapes/data` when
 *   the contents are not a PNG or JPEG, or are corrupt or too large. Each message names the file.
 */
export async function readImageFile(source: string | Uint8Array): Promise<DecodedImage> {
  if (typeof source !== 'string') return decodeImage(source, 'image bytes');
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new ImageSourceError(`Image file "${source}" does not exist. Check the path.`);
  if (!info.isFile()) throw new ImageSourceError(`"${source}" is not a file. Pass PNG or JPEG files.`);
  return decodeImage(new Uint8Array(await readFile(source)), source);
}

/** The pixels of any {@link NodeImageSource}: files are decoded ({@link readImageFile}), the rest read by `imagePixels`. */
export function nodeImagePixels(source: NodeImageSource): Promise<PixelImage> {
  if (typeof source === 'string' || source instanceof Uint8Array) return readImageFile(source);
  return imagePixels(source);
}

/**
 * `imageBatchOf` for Node: files (paths or bytes) and every other {@link NodeImageSource} as one batch in
 * `format`, read one at a time. What `shapes predict` feeds its model.
 *
 * @example
 * const batch = await readImageBatch(['drawing.png', 'photo.jpg'], classifier);
 * const predictions = classifier.predict(batch);
 */
export function readImageBatch(sources: readonly NodeImageSource[], format: ImageFormat): Promise<ByteBatch> {
  return readBatch(sources, format, nodeImagePixels);
}
