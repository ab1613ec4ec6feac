import { deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ImageFolderError } from '../errors/image-folder-error.js';
import { decodeImage, encodePng } from './png.js';

function pattern(width: number, height: number, channels: number): Uint8Array {
  const out = new Uint8Array(width * height * channels);
  for (let i = 0; i < out.length; i++) out[i] = (i * 37 + (i >> 3)) & 255;
  return out;
}

/** Writes a PNG with pngjs directly, to get colour types and depths encodePng never produces. */
function rawPng(
  width: number,
  height: number,
  rgba: Uint8Array,
  options: { colorType: 0 | 2 | 4 | 6; bitDepth?: 8 | 16 },
): Uint8Array {
  const png = new PNG({ width, height });
  let input: Buffer = Buffer.from(rgba);
  if (options.bitDepth === 16) {
    // pngjs reads 16-bit input as native-endian uint16 RGBA.
    const wide = new Uint16Array(rgba.length);
    for (let i = 0; i < rgba.length; i++) wide[i] = rgba[i] * 257;
    input = Buffer.from(wide.buffer);
  }
  png.data = input;
  return PNG.sync.write(png, { inputColorType: 6, inputHasAlpha: true, ...options });
}

/** A 2x1 palette PNG (colour type 3), optionally with a tRNS chunk, assembled by hand since pngjs cannot write one. */
function palettePng(withTransparency: boolean): Uint8Array {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(2, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  ihdr[9] = 3;
  const chunks = [
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', Buffer.from([255, 0, 0, 0, 0, 255])),
  ];
  if (withTransparency) chunks.push(chunk('tRNS', Buffer.from([255, 0])));
  chunks.push(chunk('IDAT', deflateSync(Buffer.from([0, 0, 1]))), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(chunks);
}

/**
 * A minimal one-component baseline JPEG, 8x8 of gray 144, built by hand because jpeg-js only writes colour.
 * One block: DC = 8 * (144 - 128) = 128, quantised by 16 to 8 (category 4, bits 1000), then end-of-block.
 */
function grayJpeg(): Uint8Array {
  const segment = (marker: number, body: number[]) => [
    0xff,
    marker,
    (body.length + 2) >> 8,
    (body.length + 2) & 255,
    ...body,
  ];
  const oneCode = (tableClass: number, symbol: number) => [tableClass, 1, ...new Array(15).fill(0), symbol];
  return new Uint8Array([
    0xff,
    0xd8,
    ...segment(0xdb, [0x00, ...new Array(64).fill(16)]),
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]),
    ...segment(0xc4, oneCode(0x00, 4)),
    ...segment(0xc4, oneCode(0x10, 0x00)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    // DC code "0", value bits "1000", AC end-of-block "0", padded with ones.
    0b01000011,
    0xff,
    0xd9,
  ]);
}

describe('encodePng / decodeImage', () => {
  for (const channels of [1, 3, 4] as const) {
    it(`round-trips ${channels}-channel pixels exactly`, () => {
      const pixels = pattern(7, 5, channels);
      const bytes = encodePng(pixels, 7, 5, channels);
      expect(Array.from(bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
      const img = decodeImage(bytes, 'x.png');
      expect(img).toMatchObject({ width: 7, height: 5, channels });
      expect(Array.from(img.data)).toEqual(Array.from(pixels));
    });
  }

  it('encodes from a view into a larger buffer', () => {
    const backing = pattern(10, 10, 1);
    const view = backing.subarray(20, 20 + 12);
    const img = decodeImage(encodePng(view, 4, 3, 1), 'v.png');
    expect(Array.from(img.data)).toEqual(Array.from(view));
  });

  it('rejects pixel counts that do not match the size', () => {
    expect(() => encodePng(new Uint8Array(5), 2, 2, 1)).toThrow(/2x2x1 = 4 bytes, got 5/);
  });

  it('decodes gray+alpha PNGs as RGBA', () => {
    const rgba = new Uint8Array([10, 10, 10, 255, 200, 200, 200, 0]);
    const img = decodeImage(rawPng(2, 1, rgba, { colorType: 4 }), 'ga.png');
    expect(img.channels).toBe(4);
    expect(Array.from(img.data)).toEqual([10, 10, 10, 255, 200, 200, 200, 0]);
  });

  it('decodes 16-bit PNGs to 8 bits', () => {
    const rgba = new Uint8Array([0, 128, 255, 255, 7, 8, 9, 255]);
    const color = decodeImage(rawPng(2, 1, rgba, { colorType: 2, bitDepth: 16 }), 'c16.png');
    expect(color.channels).toBe(3);
    expect(Array.from(color.data)).toEqual([0, 128, 255, 7, 8, 9]);
    const gray = new Uint8Array([3, 3, 3, 255, 250, 250, 250, 255]);
    const g = decodeImage(rawPng(2, 1, gray, { colorType: 0, bitDepth: 16 }), 'g16.png');
    expect(g.channels).toBe(1);
    expect(Array.from(g.data)).toEqual([3, 250]);
  });

  it('decodes palette PNGs, with and without transparency', () => {
    const opaque = decodeImage(palettePng(false), 'p.png');
    expect(opaque).toMatchObject({ width: 2, height: 1, channels: 3 });
    expect(Array.from(opaque.data)).toEqual([255, 0, 0, 0, 0, 255]);
    const transparent = decodeImage(palettePng(true), 'pt.png');
    expect(transparent.channels).toBe(4);
    expect(Array.from(transparent.data)).toEqual([255, 0, 0, 255, 0, 0, 255, 0]);
  });

  it('decodes a colour JPEG within JPEG tolerance, whatever the file is called', () => {
    const width = 16;
    const height = 8;
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = (y * width + x) * 4;
        rgba.set([x * 16, y * 32, 128, 255], p);
      }
    }
    const bytes = jpeg.encode({ data: rgba, width, height }, 95).data;
    const img = decodeImage(bytes, 'photo.png');
    expect(img).toMatchObject({ width, height, channels: 3 });
    let maxErr = 0;
    for (let i = 0; i < width * height; i++) {
      for (let c = 0; c < 3; c++) maxErr = Math.max(maxErr, Math.abs(img.data[i * 3 + c] - rgba[i * 4 + c]));
    }
    expect(maxErr).toBeLessThanOrEqual(12);
  });

  it('decodes a grayscale (one-component) JPEG to one channel', () => {
    const img = decodeImage(grayJpeg(), 'g.jpg');
    expect(img).toMatchObject({ width: 8, height: 8, channels: 1 });
    expect(Array.from(img.data)).toEqual(new Array(64).fill(144));
  });

  it('rejects empty, unknown and corrupt files with the path in the message', () => {
    const check = (bytes: Uint8Array, path: string, pattern: RegExp) => {
      try {
        decodeImage(bytes, path);
        expect.unreachable('decodeImage should have thrown');
      } catch (err) {
        expect(err).toBeInstanceOf(ImageFolderError);
        expect((err as ImageFolderError).path).toBe(path);
        expect((err as Error).message).toContain(path);
        expect((err as Error).message).toMatch(pattern);
      }
    };
    check(new Uint8Array(0), '/d/empty.png', /empty \(0 bytes\)/);
    check(new TextEncoder().encode('hello, not an image'), '/d/notes.png', /not a PNG or JPEG file/);
    const png = encodePng(pattern(8, 8, 3), 8, 8, 3);
    check(png.subarray(0, png.length >> 1), '/d/cut.png', /corrupt or truncated PNG/);
    const jpg = jpeg.encode({ data: new Uint8Array(16 * 16 * 4).fill(200), width: 16, height: 16 }, 80).data;
    check(jpg.subarray(0, jpg.length >> 1), '/d/cut.jpg', /corrupt or truncated JPEG/);
  });
});
