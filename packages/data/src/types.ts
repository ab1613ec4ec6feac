/** Number of colour channels in an image: 1 (grayscale) or 3 (RGB). */
export type Channels = 1 | 3;

/** Channel layouts an image file can decode to: gray, RGB, or RGBA (alpha kept so the caller chooses a background). */
export type DecodedChannels = 1 | 3 | 4;

/** An image decoded from a file (or read from a canvas): `data` holds `height * width * channels` bytes, HWC order. */
export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: DecodedChannels;
}

/** Pixel storage: bytes in [0, 255] or floats in [0, 1]. */
export type PixelType = 'uint8' | 'float32';

/** A typed array of pixels, HWC order. */
export type PixelArray = Uint8Array | Float32Array;

/**
 * A set of images in memory: `images` holds `n * h * w * c` pixels in NHWC order, `labels[i]` indexes
 * `classNames`. This is the one in-memory form shared by the generator, ImageFolder import and the models.
 */
export interface Dataset<T extends PixelArray = PixelArray> {
  images: T;
  labels: Int32Array;
  classNames: string[];
  /** `[n, height, width, channels]`. */
  shape: [number, number, number, number];
  meta: DatasetMeta;
}

/** Where a dataset came from; written to `manifest.json` by the ImageFolder writer. */
export interface DatasetMeta {
  /** `generator` for synthetic data, `image-folder` for data read from disk. */
  source: 'generator' | 'image-folder';
  /** Version of the generator that made the data (bumped whenever the same seed would give other bytes). */
  generatorVersion?: number;
  preset?: string;
  seed?: number;
  /** The options the dataset was created with, as JSON. */
  params?: Record<string, unknown>;
  /** For data read from disk: the folder and each image's file, relative to it. */
  root?: string;
  files?: string[];
}
