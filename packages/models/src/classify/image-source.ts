import type { DecodedImage } from '@shapes/data';
import type * as tf from '@tensorflow/tfjs-core';
import { ImageSourceError } from '../errors/image-source-error.js';

/**
 * Pixels in memory, HWC order: `data` holds `height * width * channels` bytes, gray (1), RGB (3) or RGBA (4).
 * What `decodeImage` of `@shapes/data/node` returns, and what a canvas's `getImageData` holds with `channels: 4`.
 */
export interface PixelImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

/**
 * What `classify` takes, in Node and the browser: a canvas, an image element, an `ImageBitmap`, `ImageData`, a
 * video element or `VideoFrame` (its current frame), an image file as a `Blob` or `File` (browser only: decoded
 * with `createImageBitmap`), a tensor of shape `[h, w, c]` or `[1, h, w, c]` (bytes, or floats in [0, 1]), or
 * {@link PixelImage} bytes. In Node, `classify` of `@shapes/models/node` also takes file paths and PNG or JPEG
 * bytes.
 */
export type ImageSource =
  | HTMLCanvasElement
  | OffscreenCanvas
  | HTMLImageElement
  | ImageBitmap
  | ImageData
  | HTMLVideoElement
  | VideoFrame
  | Blob
  | tf.Tensor
  | PixelImage;

const KINDS =
  'a canvas, an image element, an ImageBitmap, ImageData, a video element or VideoFrame, an image Blob or File, ' +
  'a tensor [h, w, c] or [1, h, w, c], or { data, width, height, channels }';

/**
 * The pixels of `source` at its own size, as bytes: what every model input is made from, so a picture reaches a
 * model the same way whatever it came as. Canvases, image elements, bitmaps, video frames and files are drawn
 * into a scratch 2D canvas and read back as RGBA (a browser decodes files itself, EXIF orientation included);
 * a tensor's values are read as bytes, or as [0, 1] floats when it is a float tensor whose values all lie in
 * [0, 1]; `ImageData` and {@link PixelImage} are used as they are.
 *
 * @throws ImageSourceError naming the problem: a kind of source it does not take, an image still loading or
 *   broken, a video without a frame yet, a cross-origin image without CORS, or sizes that do not add up.
 */
export async function imagePixels(source: ImageSource): Promise<DecodedImage> {
  if (typeof source === 'string') {
    throw new ImageSourceError(
      `classify got the string "${source}": file paths are read by classify of @shapes/models/node (Node only); ` +
        'in the browser pass an image element, a canvas or the File itself.',
    );
  }
  if (source === null || typeof source !== 'object') {
    throw new ImageSourceError(`classify takes ${KINDS}; got ${describe(source)}.`);
  }
  if (isTensor(source)) return tensorPixels(source);
  if (ArrayBuffer.isView(source)) {
    throw new ImageSourceError(
      `classify got ${describe(source)} alone, which says nothing of the image's size: pass { data, width, ` +
        'height, channels }, or, for the bytes of a PNG or JPEG file, classify of @shapes/models/node.',
    );
  }
  if ('data' in source && 'width' in source && 'height' in source && !isDrawable(source)) {
    return arrayPixels(source as PixelImage | ImageData);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) return blobPixels(source);
  if (isDrawable(source)) return drawnPixels(source, await drawableSize(source));
  throw new ImageSourceError(`classify takes ${KINDS}; got ${describe(source)}.`);
}

/** A tensor from any copy of tfjs: `instanceof` would miss one made by another bundle. */
function isTensor(source: object): source is tf.Tensor {
  const t = source as Partial<tf.Tensor>;
  return Array.isArray(t.shape) && typeof t.dtype === 'string' && typeof t.data === 'function';
}

async function tensorPixels(tensor: tf.Tensor): Promise<DecodedImage> {
  if (tensor.isDisposed) throw new ImageSourceError('classify got a tensor that has been disposed.');
  const shape = tensor.shape;
  const [height, width, channels] = shape.length === 4 && shape[0] === 1 ? shape.slice(1) : shape;
  if (
    (shape.length !== 3 && !(shape.length === 4 && shape[0] === 1)) ||
    (channels !== 1 && channels !== 3 && channels !== 4)
  ) {
    throw new ImageSourceError(
      `classify takes a tensor of shape [height, width, channels] or [1, height, width, channels] with 1, 3 or 4 ` +
        `channels; got [${shape.join(', ')}].` +
        (shape.length === 4 ? ' For several images, pass an array of [h, w, c] tensors (tf.unstack).' : ''),
    );
  }
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'int32') {
    throw new ImageSourceError(`classify takes an int32 or float32 tensor of pixels; got ${tensor.dtype}.`);
  }
  const values = (await tensor.data()) as Float32Array | Int32Array;
  // tf.browser.fromPixels gives int32 bytes; a float tensor is [0, 1] when every value is (as after .div(255)).
  let unit = tensor.dtype === 'float32';
  for (let i = 0; unit && i < values.length; i++) if ((values[i] as number) > 1) unit = false;
  const scale = unit ? 255 : 1;
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round((values[i] as number) * scale);
    data[i] = v > 255 ? 255 : v > 0 ? v : 0;
  }
  return { data, width: width as number, height: height as number, channels: channels as 1 | 3 | 4 };
}

/** `ImageData` (RGBA, no `channels`) or {@link PixelImage}, checked and viewed as bytes without a copy. */
function arrayPixels(source: PixelImage | ImageData): DecodedImage {
  const { data, width, height } = source;
  const channels = 'channels' in source ? source.channels : 4;
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new ImageSourceError(
      `classify takes { data, width, height, channels } with data as a Uint8Array of bytes; got ${describe(data)}.`,
    );
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new ImageSourceError(`classify takes images of 1, 3 or 4 channels; got ${String(channels)}.`);
  }
  if (!isSide(width) || !isSide(height) || data.length !== width * height * channels) {
    throw new ImageSourceError(
      `classify got ${String(width)}x${String(height)}x${channels} pixels, which need ` +
        `${Number(width) * Number(height) * channels} bytes, but data holds ${data.length}.`,
    );
  }
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width, height, channels };
}

async function blobPixels(blob: Blob): Promise<DecodedImage> {
  const name = 'name' in blob && typeof blob.name === 'string' ? `"${blob.name}"` : 'the file';
  if (typeof createImageBitmap !== 'function') {
    throw new ImageSourceError(
      `classify cannot decode ${name} here (no createImageBitmap): in Node, classify of @shapes/models/node ` +
        'decodes PNG and JPEG files.',
    );
  }
  let bitmap: ImageBitmap;
  try {
    // No colour management and no premultiplying, so the browser hands back the file's own bytes, as Node's
    // decoder does; EXIF orientation is applied (the default).
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (cause) {
    throw new ImageSourceError(
      `classify could not decode ${name} as an image (${blob.type || 'unknown type'}): pass a PNG, JPEG, ` +
        'WebP or GIF file.',
      { cause },
    );
  }
  try {
    return drawnPixels(bitmap, { width: bitmap.width, height: bitmap.height });
  } finally {
    bitmap.close();
  }
}

type Drawable =
  | HTMLCanvasElement
  | OffscreenCanvas
  | HTMLImageElement
  | ImageBitmap
  | HTMLVideoElement
  | VideoFrame;

function isDrawable(source: object): source is Drawable {
  const s = source as Record<string, unknown>;
  return (
    typeof s.getContext === 'function' || // canvas, OffscreenCanvas
    'naturalWidth' in s || // image element
    'videoWidth' in s || // video element
    'displayWidth' in s || // VideoFrame
    (typeof s.close === 'function' && typeof s.width === 'number') // ImageBitmap
  );
}

/** The size a drawable shows at, once it has pixels to show. */
async function drawableSize(source: Drawable): Promise<{ width: number; height: number }> {
  if ('naturalWidth' in source) {
    if (!source.complete && typeof source.decode === 'function') {
      await source.decode().catch(() => undefined);
    }
    if (!source.naturalWidth || !source.naturalHeight) {
      throw new ImageSourceError(
        `classify got an image element with no pixels (src ${JSON.stringify(source.currentSrc || source.src)}): ` +
          'it failed to load, or its src is not an image.',
      );
    }
    return { width: source.naturalWidth, height: source.naturalHeight };
  }
  if ('videoWidth' in source) {
    // HAVE_CURRENT_DATA: a frame is there to draw.
    if (source.readyState < 2 || !source.videoWidth) {
      throw new ImageSourceError(
        'classify got a video element without a frame yet: wait for its "loadeddata" event before classifying.',
      );
    }
    return { width: source.videoWidth, height: source.videoHeight };
  }
  if ('displayWidth' in source) return { width: source.displayWidth, height: source.displayHeight };
  return { width: source.width, height: source.height };
}

function drawnPixels(source: Drawable, { width, height }: { width: number; height: number }): DecodedImage {
  if (!isSide(width) || !isSide(height)) {
    throw new ImageSourceError(`classify got an empty image (${width}x${height} pixels).`);
  }
  const canvas = scratchCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as
    | CanvasRenderingContext2D
    | OffscreenCanvasRenderingContext2D
    | null;
  if (!ctx)
    throw new ImageSourceError('classify needs a 2D canvas to read pixels, and this browser gave none.');
  ctx.drawImage(source as CanvasImageSource, 0, 0, width, height);
  let rgba: Uint8ClampedArray;
  try {
    rgba = ctx.getImageData(0, 0, width, height).data;
  } catch (cause) {
    throw new ImageSourceError(
      'classify cannot read the pixels of an image from another origin: serve it with ' +
        'Access-Control-Allow-Origin and set crossOrigin = "anonymous" on the element.',
      { cause },
    );
  }
  return { data: new Uint8Array(rgba.buffer, rgba.byteOffset, rgba.length), width, height, channels: 4 };
}

function scratchCanvas(width: number, height: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  if (typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    return canvas;
  }
  throw new ImageSourceError(
    'classify needs a browser canvas to read this image; in Node pass a tensor, { data, width, height, channels }, ' +
      'or a file to classify of @shapes/models/node.',
  );
}

const isSide = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;

/** A few words for what a value is, for error messages. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return typeof value === 'string' ? `the string "${value}"` : typeof value;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object'
    ? `a ${name}`
    : `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}
