import type { DecodedImage } from '../types.js';

/** An EXIF Orientation value: 1 is upright, 2-8 the mirrorings and quarter turns a camera records instead. */
export type Orientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

const ORIENTATION_TAG = 0x0112;
const SHORT = 3;

/**
 * The EXIF Orientation of a JPEG: the value of tag 0x0112 in IFD0 of its APP1 `Exif` segment, or 1 when the file
 * has none or it is malformed. Phones store the sensor's pixels as they came and record the turn here rather than
 * rotating them, so a reader that ignores the tag shows portrait photos on their side.
 */
export function jpegOrientation(bytes: Uint8Array): Orientation {
  let i = 2;
  while (i + 3 < bytes.length) {
    if (bytes[i] !== 0xff) return 1;
    const marker = bytes[i + 1] as number;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    // Start of scan or end of image: the metadata segments all come before.
    if (marker === 0xda || marker === 0xd9) return 1;
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2;
      continue;
    }
    const length = ((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number);
    if (length < 2) return 1;
    if (marker === 0xe1) {
      const found = exifOrientation(bytes.subarray(i + 4, Math.min(bytes.length, i + 2 + length)));
      if (found !== undefined) return found;
    }
    i += 2 + length;
  }
  return 1;
}

/** The orientation in an APP1 payload that starts `Exif\0\0`, or undefined when it is not EXIF or holds none. */
function exifOrientation(app1: Uint8Array): Orientation | undefined {
  const exif = [0x45, 0x78, 0x69, 0x66, 0, 0];
  if (app1.length < 14 || !exif.every((b, k) => app1[k] === b)) return undefined;
  const tiff = app1.subarray(6);
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0] as number, tiff[1] as number);
  if (order !== 'II' && order !== 'MM') return undefined;
  const little = order === 'II';
  if (view.getUint16(2, little) !== 42) return undefined;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return undefined;
  const count = view.getUint16(ifd, little);
  for (let e = 0; e < count; e++) {
    const at = ifd + 2 + e * 12;
    if (at + 12 > tiff.length) return undefined;
    if (view.getUint16(at, little) !== ORIENTATION_TAG) continue;
    if (view.getUint16(at + 2, little) !== SHORT) return undefined;
    // A SHORT value sits in the first two bytes of the entry's value field, in the file's byte order.
    const value = view.getUint16(at + 8, little);
    return value >= 1 && value <= 8 ? (value as Orientation) : undefined;
  }
  return undefined;
}

/**
 * `image` turned upright as its EXIF `orientation` says (`image` itself for 1): 3 is a half turn, 6 and 8 quarter
 * turns clockwise and anticlockwise (width and height swap), and 2, 4, 5 and 7 their mirror images.
 */
export function orientImage(image: DecodedImage, orientation: Orientation): DecodedImage {
  if (orientation === 1) return image;
  const { data, width: w, height: h, channels: c } = image;
  const turned = orientation >= 5;
  const outW = turned ? h : w;
  const outH = turned ? w : h;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const [sx, sy] = sourceOf(orientation, x, y, w, h);
      const from = (sy * w + sx) * c;
      const to = (y * outW + x) * c;
      for (let k = 0; k < c; k++) out[to + k] = data[from + k] as number;
    }
  }
  return { data: out, width: outW, height: outH, channels: c };
}

/** The stored pixel that output pixel (x, y) of the upright image shows, for a `w` x `h` stored image. */
function sourceOf(orientation: Orientation, x: number, y: number, w: number, h: number): [number, number] {
  switch (orientation) {
    case 2:
      return [w - 1 - x, y];
    case 3:
      return [w - 1 - x, h - 1 - y];
    case 4:
      return [x, h - 1 - y];
    case 5:
      return [y, x];
    case 6:
      return [y, h - 1 - x];
    case 7:
      return [w - 1 - y, h - 1 - x];
    case 8:
      return [w - 1 - y, x];
    default:
      return [x, y];
  }
}
