import { resizeImage, toChannels } from '@shapes/data';
import { ImageSourceError } from '../errors/image-source-error.js';
import type { ImageBatch } from '../image-batch.js';
import { type ImageSource, imagePixels, type PixelImage } from './image-source.js';

/** The image format a model takes: `inputSize` x `inputSize` pixels of gray (1) or RGB (3). A `Classifier` is one. */
export interface ImageFormat {
  inputSize: number;
  channels: 1 | 3;
}

/** An {@link ImageBatch} of bytes. */
export type ByteBatch = ImageBatch & { images: Uint8Array };

/**
 * `sources` as one batch in `format`, each image read (see `imagePixels`), turned to the model's channels and
 * resized to its input size: the preprocessing `classify` and `shapes predict` share, and that `readImageFolder`
 * of `@shapes/data/node` does too. Gray is BT.601 luma (the weights PIL's `convert('L')` uses) with alpha
 * composited over white; shrinking is area-averaged and growing bilinear (`toChannels` and `resizeImage` of
 * `@shapes/data`), byte for byte the same in Node and the browser. The model's own preprocessing (framing the
 * ink, say) happens after, when the classifier predicts.
 *
 * @example
 * const batch = await imageBatchOf([canvas, video], classifier); // { images, shape: [2, 64, 64, 1] }
 * classifier.predict(batch);
 * @throws ImageSourceError naming the source (and which of several) that cannot be read.
 */
export function imageBatchOf(sources: readonly ImageSource[], format: ImageFormat): Promise<ByteBatch> {
  return readBatch(sources, format, imagePixels);
}

/**
 * {@link imageBatchOf} with another reader: `@shapes/models/node` passes one that also decodes files. Images are
 * read and shrunk one at a time, so a folder of large photos never sits in memory at full size.
 */
export async function readBatch<S>(
  sources: readonly S[],
  { inputSize: size, channels }: ImageFormat,
  read: (source: S) => Promise<PixelImage>,
): Promise<ByteBatch> {
  const n = sources.length;
  const per = size * size * channels;
  const images = new Uint8Array(n * per);
  for (const [i, source] of sources.entries()) {
    let image: PixelImage;
    try {
      image = await read(source);
    } catch (error) {
      // Which of several sources is at fault; a file's own message already names it.
      if (n > 1 && error instanceof ImageSourceError) {
        throw new ImageSourceError(`Image ${i + 1} of ${n}: ${error.message}`, { cause: error });
      }
      throw error;
    }
    const { data, width, height } = image;
    const bytes =
      data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
    const converted = toChannels(bytes, width, height, image.channels, channels);
    images.set(resizeImage(converted, width, height, channels, size, size), i * per);
  }
  return { images, shape: [n, size, size, channels] };
}
