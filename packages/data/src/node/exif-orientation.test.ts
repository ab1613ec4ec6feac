import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../types.js';
import { jpegOrientation, type Orientation, orientImage } from './exif-orientation.js';
import { decodeImage } from './png.js';

/** An APP1 segment holding a TIFF header and an IFD0 with one entry: Orientation (a SHORT) = `orientation`. */
function exifSegment(orientation: number, order: 'II' | 'MM' = 'II', type = 3): Uint8Array {
  const tiff = new Uint8Array(26);
  const view = new DataView(tiff.buffer);
  const little = order === 'II';
  tiff.set([order.charCodeAt(0), order.charCodeAt(1)]);
  view.setUint16(2, 42, little);
  view.setUint32(4, 8, little); // IFD0 right after the header
  view.setUint16(8, 1, little); // one entry
  view.setUint16(10, 0x0112, little);
  view.setUint16(12, type, little);
  view.setUint32(14, 1, little);
  view.setUint16(18, orientation, little);
  view.setUint32(22, 0, little); // no next IFD
  const payload = [...'Exif'].map((ch) => ch.charCodeAt(0)).concat([0, 0], [...tiff]);
  const length = payload.length + 2;
  return Uint8Array.from([0xff, 0xe1, length >> 8, length & 255, ...payload]);
}

/** `jpegBytes` with `segment` inserted right after its start-of-image marker, where cameras put EXIF. */
function withSegment(jpegBytes: Uint8Array, segment: Uint8Array): Uint8Array {
  const out = new Uint8Array(jpegBytes.length + segment.length);
  out.set(jpegBytes.subarray(0, 2));
  out.set(segment, 2);
  out.set(jpegBytes.subarray(2), 2 + segment.length);
  return out;
}

/** A 3x2 one-channel image whose pixels are 1..6 in reading order, so every turn and mirroring is told apart. */
const small: DecodedImage = { data: Uint8Array.from([1, 2, 3, 4, 5, 6]), width: 3, height: 2, channels: 1 };

describe('orientImage', () => {
  it('turns and mirrors every EXIF orientation upright', () => {
    const upright: Record<Orientation, [number, number, number[]]> = {
      1: [3, 2, [1, 2, 3, 4, 5, 6]],
      2: [3, 2, [3, 2, 1, 6, 5, 4]],
      3: [3, 2, [6, 5, 4, 3, 2, 1]],
      4: [3, 2, [4, 5, 6, 1, 2, 3]],
      5: [2, 3, [1, 4, 2, 5, 3, 6]],
      6: [2, 3, [4, 1, 5, 2, 6, 3]],
      7: [2, 3, [6, 3, 5, 2, 4, 1]],
      8: [2, 3, [3, 6, 2, 5, 1, 4]],
    };
    for (const [orientation, [width, height, data]] of Object.entries(upright)) {
      const out = orientImage(small, Number(orientation) as Orientation);
      expect({ width: out.width, height: out.height, data: Array.from(out.data) }).toEqual({
        width,
        height,
        data,
      });
    }
  });
});

describe('decodeImage with EXIF orientation', () => {
  // A 16x8 colour picture with a bright top-left corner, so a turn the wrong way shows.
  const width = 16;
  const height = 8;
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const corner = x < 4 && y < 4 ? 255 : 0;
      rgba.set([x * 16, y * 32, corner, 255], (y * width + x) * 4);
    }
  }
  const plain = jpeg.encode({ data: rgba, width, height }, 95).data as Uint8Array;

  it('applies orientation 6: the photo comes back turned a quarter clockwise, as viewers show it', () => {
    const stored = decodeImage(plain, 'plain.jpg');
    for (const order of ['II', 'MM'] as const) {
      const photo = decodeImage(withSegment(plain, exifSegment(6, order)), 'phone.jpg');
      expect(photo).toMatchObject({ width: height, height: width, channels: 3 });
      // The same samples as the file without EXIF, moved: upright pixel (x, y) is stored pixel (y, h - 1 - x).
      expect(photo.data).toEqual(orientImage(stored, 6).data);
      // And close to the original picture turned by hand, within JPEG's loss.
      let maxErr = 0;
      for (let y = 0; y < width; y++) {
        for (let x = 0; x < height; x++) {
          const src = (height - 1 - x) * width + y;
          for (let c = 0; c < 3; c++) {
            const got = photo.data[(y * height + x) * 3 + c] as number;
            maxErr = Math.max(maxErr, Math.abs(got - (rgba[src * 4 + c] as number)));
          }
        }
      }
      expect(maxErr).toBeLessThanOrEqual(40);
      // The bright corner moved from top-left to top-right.
      expect(photo.data[(0 * height + (height - 1)) * 3 + 2]).toBeGreaterThan(200);
      expect(photo.data[2]).toBeLessThan(60);
    }
  });

  it('reads no orientation from a file without EXIF, or with a broken or out-of-range tag', () => {
    expect(jpegOrientation(plain)).toBe(1);
    expect(jpegOrientation(withSegment(plain, exifSegment(9)))).toBe(1);
    expect(jpegOrientation(withSegment(plain, exifSegment(6, 'II', 4)))).toBe(1);
    const truncated = exifSegment(6).subarray(0, 16);
    expect(jpegOrientation(withSegment(plain, truncated))).toBe(1);
    expect(decodeImage(withSegment(plain, exifSegment(9)), 'odd.jpg')).toMatchObject({ width, height });
    expect(jpegOrientation(withSegment(plain, exifSegment(8, 'MM')))).toBe(8);
  });
});
