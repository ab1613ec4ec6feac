import { inflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ImageFolderError } from '../errors/image-folder-error.js';
import type { DecodedChannels, DecodedImage } from '../types.js';
import { jpegOrientation, orientImage } from './exif-orientation.js';

export type { DecodedChannels, DecodedImage };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// pngjs names its colour types by input layout; we map our channel counts onto them.
const PNG_COLOR_TYPE = { 1: 0, 3: 2, 4: 6 } as const;

/**
 * Longest side {@link decodeImage} accepts. A side this long is already rare in photos, and refusing longer ones
 * keeps a hostile 1 x 90,000,000 header from making the PNG decoder allocate per row until the heap runs out.
 */
export const MAX_IMAGE_SIDE = 16_384;

/**
 * Most pixels {@link decodeImage} accepts: 2^24 (16.7 MP). A 12 MP phone photo fits, and the decoders' RGBA copy
 * of the largest image allowed is 64 MiB, which a dataset reader can afford.
 */
export const MAX_IMAGE_PIXELS = 2 ** 24;

/**
 * Most bytes a PNG's pixel data (its zlib stream) may inflate to: 64 MiB plus a filter byte for each row of the
 * tallest image, so every 8-bit image within the pixel limit fits, RGBA included. It bounds what inflating
 * allocates, whatever the stream holds.
 */
export const MAX_PNG_INFLATED_BYTES = 64 * 2 ** 20 + MAX_IMAGE_SIDE;

/**
 * Memory jpeg-js may count as allocated while decoding (its `maxMemoryUsageInMB`), in MiB. It counts 256 bytes
 * per 8x8 block of each component plus three byte copies of the samples: a 2^24-pixel colour JPEG without chroma
 * subsampling needs 337 MiB of it, so 384 decodes every three-component JPEG within the pixel limit.
 */
export const MAX_JPEG_MEMORY_MIB = 384;

// Each PNG colour type's name, samples per pixel and the bit depths the PNG specification allows with it.
const PNG_COLOR_TYPES: Record<number, { name: string; samples: number; depths: number[] }> = {
  0: { name: 'gray', samples: 1, depths: [1, 2, 4, 8, 16] },
  2: { name: 'RGB', samples: 3, depths: [8, 16] },
  3: { name: 'palette', samples: 1, depths: [1, 2, 4, 8] },
  4: { name: 'gray+alpha', samples: 2, depths: [8, 16] },
  6: { name: 'RGBA', samples: 4, depths: [8, 16] },
};

// Adam7 passes as [first column, first row, column step, row step].
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** What a PNG's IHDR chunk declares. */
interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
}

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
 * Decodes a PNG (any colour type and bit depth, including palette, 16-bit and interlaced) or a baseline or
 * progressive JPEG, telling the two apart by their magic bytes rather than the file name.
 *
 * Grayscale files decode to 1 channel, colour files to 3, and files with an alpha channel or a transparency
 * chunk to 4 (RGBA). 16-bit samples are scaled to 8 bits.
 * A JPEG's EXIF Orientation (1-8) is applied, so a phone photo comes back upright, as image viewers show it
 * (width and height swap for a quarter turn).
 *
 * Sizes are checked from the file's header before anything is allocated: at most {@link MAX_IMAGE_SIDE} pixels a
 * side and {@link MAX_IMAGE_PIXELS} pixels, and a PNG's pixel data may inflate to at most
 * {@link MAX_PNG_INFLATED_BYTES} and no more than its header declares, so a hostile file fails fast and small.
 *
 * @param bytes - the file's contents.
 * @param path - the file's path, used only in error messages.
 * @throws ImageFolderError naming `path` when the bytes are empty, not a PNG or JPEG, too large, or corrupt.
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

// The decoder's own words ("unexpected end of file", "Crc error - ...") mean nothing to the user: keep them as
// the cause only.
function corrupt(path: string, format: string, cause?: unknown): ImageFolderError {
  return new ImageFolderError(
    `Image file "${path}" is a corrupt or truncated ${format} file. Re-export it or delete it.`,
    path,
    cause === undefined ? undefined : { cause },
  );
}

function checkSize(width: number, height: number, path: string): void {
  if (width <= MAX_IMAGE_SIDE && height <= MAX_IMAGE_SIDE && width * height <= MAX_IMAGE_PIXELS) return;
  // Rounded down, so the message never promises more than the limit.
  const megapixels = Math.floor(MAX_IMAGE_PIXELS / 1e5) / 10;
  throw new ImageFolderError(
    `Image file "${path}" is ${width}x${height} pixels; this reader takes at most ${MAX_IMAGE_SIDE} pixels a ` +
      `side and ${megapixels} MP. Shrink it before importing.`,
    path,
  );
}

function decodePng(bytes: Uint8Array, path: string): DecodedImage {
  const header = readPngHeader(bytes, path);
  checkSize(header.width, header.height, path);
  const inflated = pngInflatedBytes(header);
  if (inflated > MAX_PNG_INFLATED_BYTES) {
    const { name, samples } = PNG_COLOR_TYPES[header.colorType];
    const fixes = ['Shrink it'];
    if (header.bitDepth === 16) fixes.push('save it with 8 bits a sample');
    if (samples === 2 || samples === 4) fixes.push('save it without alpha');
    const count = (n: number) => n.toLocaleString('en-US');
    throw new ImageFolderError(
      `Image file "${path}" is ${header.width}x${header.height} pixels of ${header.bitDepth}-bit ${name}, ` +
        `${count(inflated)} bytes of pixel data; this reader takes at most ${count(MAX_PNG_INFLATED_BYTES)} ` +
        `(${Math.floor(MAX_PNG_INFLATED_BYTES / 2 ** 20)} MiB). ${fixes.join(', or ')} before importing.`,
      path,
    );
  }
  checkPngInflate(bytes, inflated, header, path);
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

/** Reads the IHDR chunk, which the PNG specification puts first; refuses a file without a valid one. */
function readPngHeader(bytes: Uint8Array, path: string): PngHeader {
  // Signature (8), chunk length and type (8), IHDR's 13 bytes and its CRC (4).
  if (bytes.length < 33) throw corrupt(path, 'PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header: PngHeader = {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitDepth: bytes[24],
    colorType: bytes[25],
    interlaced: bytes[28] === 1,
  };
  const valid =
    view.getUint32(8) === 13 &&
    chunkType(bytes, 12) === 'IHDR' &&
    header.width >= 1 &&
    header.height >= 1 &&
    PNG_COLOR_TYPES[header.colorType]?.depths.includes(header.bitDepth) === true &&
    bytes[26] === 0 && // compression method
    bytes[27] === 0 && // filter method
    bytes[28] <= 1; // interlace method
  if (!valid) {
    throw new ImageFolderError(
      `Image file "${path}" is not a valid PNG file: its first chunk is not a valid IHDR header (size, bit ` +
        'depth and colour type). Re-export it or delete it.',
      path,
    );
  }
  return header;
}

/** Bytes the zlib stream inflates to: every row of every (Adam7) pass is a filter byte and its packed samples. */
function pngInflatedBytes(header: PngHeader): number {
  const bitsPerPixel = PNG_COLOR_TYPES[header.colorType].samples * header.bitDepth;
  let total = 0;
  for (const [x0, y0, dx, dy] of header.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const)) {
    const width = Math.ceil((header.width - x0) / dx);
    const rows = Math.ceil((header.height - y0) / dy);
    // The specification leaves empty passes out altogether, filter bytes included.
    if (width > 0 && rows > 0) total += rows * (1 + Math.ceil((width * bitsPerPixel) / 8));
  }
  return total;
}

/**
 * Inflates the pixel data, stopping at `expected` bytes, and refuses a stream that holds more: a decompression
 * bomb. pngjs alone is not enough: for a non-interlaced PNG its sync inflate gets the header's size as
 * `maxLength`, which bounds the allocation, but for an interlaced one it calls `zlib.inflateSync` without a limit,
 * so a few hundred kilobytes can inflate to gigabytes. (It fails on the extra data either way, in its own words.)
 */
function checkPngInflate(bytes: Uint8Array, expected: number, header: PngHeader, path: string): void {
  const stream = pngImageData(bytes);
  if (!stream) throw corrupt(path, 'PNG');
  try {
    inflateSync(stream, { maxOutputLength: expected });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') throw corrupt(path, 'PNG', err);
    throw new ImageFolderError(
      `Image file "${path}" holds more pixel data than its ${header.width}x${header.height} header declares ` +
        `(over ${expected} bytes once inflated): it is corrupt or a decompression bomb. Re-export it or delete it.`,
      path,
      { cause: err },
    );
  }
}

/** The IDAT chunks' data joined (the zlib stream), or undefined when a chunk runs past the end or IEND is missing. */
function pngImageData(bytes: Uint8Array): Buffer | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  let at = PNG_SIGNATURE.length;
  // Each chunk: length (4), type (4), data, CRC (4).
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) return undefined;
    const type = chunkType(bytes, at + 4);
    if (type === 'IDAT') parts.push(bytes.subarray(at + 8, at + 8 + length));
    if (type === 'IEND') return Buffer.concat(parts);
    at = end;
  }
  return undefined;
}

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
}

function decodeJpeg(bytes: Uint8Array, path: string): DecodedImage {
  const frame = readJpegFrame(bytes);
  if (frame) checkSize(frame.width, frame.height, path);
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      // Backstops in case the frame header was not found above: jpeg-js checks both as it allocates.
      maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6,
      maxMemoryUsageInMB: MAX_JPEG_MEMORY_MIB,
    });
  } catch (err) {
    if (err instanceof Error && /maxMemoryUsageInMB|maxResolutionInMP/.test(err.message)) {
      throw new ImageFolderError(
        `Image file "${path}" would take more than ${MAX_JPEG_MEMORY_MIB} MiB to decode, more than this ` +
          'reader allows. Shrink it, or save it as an RGB or grayscale JPEG, before importing.',
        path,
        { cause: err },
      );
    }
    throw corrupt(path, 'JPEG', err);
  }
  const { width, height, data } = decoded;
  if (width < 1 || height < 1) throw corrupt(path, 'JPEG');
  // Phones store the sensor's pixels and the turn apart; applied here, photos reach every reader upright.
  const orientation = jpegOrientation(bytes);
  // jpeg-js always returns RGB; a one-component JPEG has R = G = B, so keep one plane of it.
  if (frame?.components === 1) {
    const n = width * height;
    const gray = new Uint8Array(n);
    for (let i = 0; i < n; i++) gray[i] = data[i * 3];
    return orientImage({ data: gray, width, height, channels: 1 }, orientation);
  }
  return orientImage({ data, width, height, channels: 3 }, orientation);
}

/** Size and number of colour components in the JPEG's frame (SOF) header, or undefined when none is found. */
function readJpegFrame(bytes: Uint8Array): { width: number; height: number; components: number } | undefined {
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
    if (isFrame) {
      // Length (2), sample precision (1), height (2), width (2), components (1).
      if (i + 9 >= bytes.length) return undefined;
      return {
        height: (bytes[i + 5] << 8) | bytes[i + 6],
        width: (bytes[i + 7] << 8) | bytes[i + 8],
        components: bytes[i + 9],
      };
    }
    if (marker === 0xda) return undefined; // start of scan: the frame header should have come first
    i += 2 + length;
  }
  return undefined;
}
