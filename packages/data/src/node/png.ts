import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ImageFolderError } from '../errors/image-folder-error.js';

/** Channel layouts an image file can decode to: gray, RGB, or RGBA (alpha kept so the caller chooses a background). */
export type DecodedChannels = 1 | 3 | 4;

/** An image decoded from a file: `data` holds `height * width * channels` bytes, HWC order. */
export interface DecodedImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: DecodedChannels;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// pngjs names its colour types by input layout; we map our channel counts onto them.
const PNG_COLOR_TYPE = { 1: 0, 3: 2, 4: 6 } as const;

// Decoding a hostile header must not be able to ask for gigabytes; 100 MP is far beyond any dataset image.
const MAX_PIXELS = 100_000_000;

/**
 * Encodes 8-bit pixels (HWC) as a PNG: 1 channel as grayscale, 3 as RGB, 4 as RGBA.
 *
 * @param pixels - `height * width * channels` bytes.
 * @returns the PNG file's bytes.
 * @throws RangeError when the sizes or the pixel count do not match.
 */
export function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: DecodedChannels,
): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`encodePng: width and height must be positive integers, got ${width}x${height}`);
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new RangeError(`encodePng: channels must be 1, 3 or 4, got ${String(channels)}`);
  }
  if (pixels.length !== width * height * channels) {
    throw new RangeError(
      `encodePng: expected ${width}x${height}x${channels} = ${width * height * channels} bytes, got ${pixels.length}`,
    );
  }
  const colorType = PNG_COLOR_TYPE[channels];
  const png = new PNG({ width, height });
  // pngjs reads Buffer methods off its input; a view shares the memory instead of copying it.
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const out = PNG.sync.write(png, {
    colorType,
    inputColorType: colorType,
    inputHasAlpha: channels === 4,
    bitDepth: 8,
  });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Decodes a PNG (any colour type and bit depth, including palette and 16-bit) or a baseline/progressive JPEG,
 * telling the two apart by their magic bytes rather than the file name.
 *
 * Grayscale files decode to 1 channel, colour files to 3, and files with an alpha channel or a transparency
 * chunk to 4 (RGBA). 16-bit samples are scaled to 8 bits.
 *
 * @param bytes - the file's contents.
 * @param path - the file's path, used only in error messages.
 * @throws ImageFolderError naming `path` when the bytes are empty, not a PNG or JPEG, or corrupt.
 */
export function decodeImage(bytes: Uint8Array, path: string): DecodedImage {
  if (bytes.length === 0) {
    throw new ImageFolderError(
      `Image file "${path}" is empty (0 bytes). Delete it or replace it with a valid image.`,
      path,
    );
  }
  if (isPng(bytes)) return decodePng(bytes, path);
  if (isJpeg(bytes)) return decodeJpeg(bytes, path);
  throw new ImageFolderError(
    `Image file "${path}" is not a PNG or JPEG file (its first bytes match neither format). ` +
      'Convert it to PNG or JPEG, or move it out of the folder.',
    path,
  );
}

function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function corrupt(path: string, format: string, cause: unknown): ImageFolderError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new ImageFolderError(
    `Image file "${path}" is a corrupt or truncated ${format} file (${detail}). Re-export it or delete it.`,
    path,
  );
}

function decodePng(bytes: Uint8Array, path: string): DecodedImage {
  const header = readPngSize(bytes);
  if (header && header.width * header.height > MAX_PIXELS) {
    throw new ImageFolderError(
      `Image file "${path}" is ${header.width}x${header.height} pixels, more than the ${MAX_PIXELS / 1e6} MP this ` +
        'reader accepts. Shrink it before importing.',
      path,
    );
  }
  let png: ReturnType<typeof PNG.sync.read>;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw corrupt(path, 'PNG', err);
  }
  const { width, height } = png;
  // pngjs always hands back 8-bit RGBA; `alpha` is also set by a tRNS chunk, so palette and keyed-colour
  // transparency count as alpha too. Palette images have the colour bit set, so they come out as RGB(A).
  const channels: DecodedChannels = png.alpha ? 4 : png.color ? 3 : 1;
  const rgba = png.data;
  if (channels === 4) {
    return {
      data: new Uint8Array(rgba.buffer, rgba.byteOffset, width * height * 4).slice(),
      width,
      height,
      channels,
    };
  }
  const n = width * height;
  const data = new Uint8Array(n * channels);
  if (channels === 3) {
    for (let i = 0; i < n; i++) {
      data[i * 3] = rgba[i * 4];
      data[i * 3 + 1] = rgba[i * 4 + 1];
      data[i * 3 + 2] = rgba[i * 4 + 2];
    }
  } else {
    for (let i = 0; i < n; i++) data[i] = rgba[i * 4];
  }
  return { data, width, height, channels };
}

function readPngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  // IHDR must be the first chunk: signature (8) + length (4) + type (4), then width and height.
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function decodeJpeg(bytes: Uint8Array, path: string): DecodedImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: MAX_PIXELS / 1e6,
    });
  } catch (err) {
    throw corrupt(path, 'JPEG', err);
  }
  const { width, height, data } = decoded;
  if (width < 1 || height < 1) throw corrupt(path, 'JPEG', new Error(`size ${width}x${height}`));
  // jpeg-js always returns RGB; a one-component JPEG has R = G = B, so keep one plane of it.
  if (jpegComponents(bytes) === 1) {
    const n = width * height;
    const gray = new Uint8Array(n);
    for (let i = 0; i < n; i++) gray[i] = data[i * 3];
    return { data: gray, width, height, channels: 1 };
  }
  return { data, width, height, channels: 3 };
}

/** Number of colour components in the JPEG's frame header, or undefined when none is found. */
function jpegComponents(bytes: Uint8Array): number | undefined {
  let i = 2;
  while (i + 1 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1];
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    // Markers without a length field: TEM, RST0-7, SOI, EOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      i += 2;
      continue;
    }
    if (i + 3 >= bytes.length) return undefined;
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    // SOF0-SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) return i + 9 < bytes.length ? bytes[i + 9] : undefined;
    if (marker === 0xda) return undefined; // start of scan: the frame header should have come first
    i += 2 + length;
  }
  return undefined;
}
