import { once } from 'node:events';
import { createDeflate, deflateSync } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
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

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One PNG chunk: length, type, data and CRC. */
function chunk(type: string, data: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, sum]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number, bitDepth = 8, colorType = 0, interlace = 0): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = bitDepth;
  data[9] = colorType;
  data[12] = interlace;
  return chunk('IHDR', data);
}

/** A PNG assembled by hand from its header and an already deflated pixel stream, so any header can be declared. */
function handPng(header: Buffer, stream: Uint8Array, extra: Buffer[] = []): Uint8Array {
  return Buffer.concat([SIGNATURE, header, ...extra, chunk('IDAT', stream), chunk('IEND', Buffer.alloc(0))]);
}

/** Deflates `bytes` zero bytes a mebibyte at a time, so the test never holds them all. */
async function deflateZeros(bytes: number): Promise<Buffer> {
  const deflate = createDeflate();
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const ended = once(deflate, 'end');
  const zeros = Buffer.alloc(2 ** 20);
  for (let n = 0; n < bytes; n += zeros.length) {
    if (!deflate.write(zeros)) await once(deflate, 'drain');
  }
  deflate.end();
  await ended;
  return Buffer.concat(parts);
}

/** An 8-bit gray Adam7-interlaced PNG, which pngjs cannot write: each pass's rows, filter type 0. */
function interlacedGrayPng(width: number, height: number, pixels: Uint8Array): Uint8Array {
  const passes = [
    [0, 0, 8, 8],
    [4, 0, 8, 8],
    [0, 4, 4, 8],
    [2, 0, 4, 4],
    [0, 2, 2, 4],
    [1, 0, 2, 2],
    [0, 1, 1, 2],
  ];
  const raw: number[] = [];
  for (const [x0, y0, dx, dy] of passes) {
    if (x0 >= width || y0 >= height) continue; // empty passes are left out
    for (let y = y0; y < height; y += dy) {
      raw.push(0);
      for (let x = x0; x < width; x += dx) raw.push(pixels[y * width + x]);
    }
  }
  return handPng(ihdr(width, height, 8, 0, 1), deflateSync(Uint8Array.from(raw)));
}

/** A 2x1 palette PNG (colour type 3), optionally with a tRNS chunk, assembled by hand since pngjs cannot write one. */
function palettePng(withTransparency: boolean): Uint8Array {
  const palette = [chunk('PLTE', Buffer.from([255, 0, 0, 0, 0, 255]))];
  if (withTransparency) palette.push(chunk('tRNS', Buffer.from([255, 0])));
  return handPng(ihdr(2, 1, 8, 3), deflateSync(Buffer.from([0, 0, 1])), palette);
}

/**
 * A minimal one-component baseline JPEG, 8x8 of gray 144, built by hand because jpeg-js only writes colour.
 * One block: DC = 8 * (144 - 128) = 128, quantised by 16 to 8 (category 4, bits 1000), then end-of-block.
 */
function grayJpeg(width = 8, height = 8): Uint8Array {
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
    ...segment(0xc0, [8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]),
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

/** Runs a decode that must fail, measuring its time and how much memory it left taken. */
function refusal(
  bytes: Uint8Array,
  path: string,
): { error: unknown; ms: number; rssMiB: number; buffersMiB: number } {
  const before = process.memoryUsage();
  const started = performance.now();
  let error: unknown;
  try {
    decodeImage(bytes, path);
  } catch (err) {
    error = err;
  }
  const ms = performance.now() - started;
  const after = process.memoryUsage();
  const mib = (n: number) => n / 2 ** 20;
  return {
    error,
    ms,
    rssMiB: mib(after.rss - before.rss),
    buffersMiB: mib(after.arrayBuffers - before.arrayBuffers),
  };
}

/** Expects a fast, small refusal with `message` (exact text or pattern), naming `path`. */
function expectRefusal(bytes: Uint8Array, path: string, message: string | RegExp): ImageFolderError {
  const { error, ms, rssMiB, buffersMiB } = refusal(bytes, path);
  expect(error).toBeInstanceOf(ImageFolderError);
  const err = error as ImageFolderError;
  expect(err.path).toBe(path);
  if (typeof message === 'string') expect(err.message).toBe(message);
  else expect(err.message).toMatch(message);
  expect(ms).toBeLessThan(2000);
  expect(rssMiB).toBeLessThan(100);
  expect(buffersMiB).toBeLessThan(100);
  return err;
}

describe('decodeImage limits on hostile files', () => {
  const tinyStream = deflateSync(Buffer.alloc(64));

  it('refuses huge declared PNG sizes from the header, before allocating anything', () => {
    const limits = 'this reader takes at most 16384 pixels a side and 16.7 MP. Shrink it before importing.';
    for (const [width, height] of [
      [1, 90_000_000],
      [100_000, 100_000],
      [20_000, 1],
      [4097, 4097],
    ]) {
      const path = `/d/${width}x${height}.png`;
      expectRefusal(
        handPng(ihdr(width, height), tinyStream),
        path,
        `Image file "${path}" is ${width}x${height} pixels; ${limits}`,
      );
    }
  });

  it('refuses a PNG whose pixel data would inflate past 64 MiB, naming the fix', () => {
    // 12 MP is within the pixel limit, but 16-bit RGBA rows are 96 MB; 8-bit RGBA at 4096x4096 fits (below).
    expectRefusal(
      handPng(ihdr(4000, 3000, 16, 6), tinyStream),
      '/d/deep.png',
      'Image file "/d/deep.png" is 4000x3000 pixels of 16-bit RGBA, 96,003,000 bytes of pixel data; this reader ' +
        'takes at most 67,125,248 (64 MiB). Shrink it, or save it with 8 bits a sample, or save it without alpha ' +
        'before importing.',
    );
    expectRefusal(
      handPng(ihdr(2049, 4096, 16, 6), tinyStream),
      '/d/rgba.png',
      /is 2049x4096 pixels of 16-bit RGBA, 67,145,728 bytes .* Shrink it, or save it with 8 bits a sample/,
    );
  });

  describe('decompression bombs', () => {
    let bomb: Buffer;
    beforeAll(async () => {
      // 200 MiB of zeros behind a 16x16 header, whose rows are 272 bytes.
      bomb = await deflateZeros(200 * 2 ** 20);
    }, 30_000);

    for (const interlace of [0, 1]) {
      it(`refuses one ${interlace ? 'with' : 'without'} interlacing, inflating no more than the header declares`, () => {
        expect(bomb.length).toBeLessThan(1024 * 1024);
        expectRefusal(
          handPng(ihdr(16, 16, 8, 0, interlace), bomb),
          '/d/bomb.png',
          /^Image file "\/d\/bomb\.png" holds more pixel data than its 16x16 header declares \(over \d+ bytes once inflated\): it is corrupt or a decompression bomb\. Re-export it or delete it\.$/,
        );
      });
    }
  });

  it('refuses a PNG whose first chunk is not a valid IHDR', () => {
    const ok = ihdr(4, 4);
    const renamed = Buffer.from(ok);
    renamed.write('IHDX', 4, 'ascii');
    const cases = [
      ['renamed', renamed],
      ['depth 3', ihdr(4, 4, 3, 0)],
      ['colour type 5', ihdr(4, 4, 8, 5)],
      ['16-bit palette', ihdr(4, 4, 16, 3)],
      ['zero width', ihdr(0, 4)],
      ['interlace 2', ihdr(4, 4, 8, 0, 2)],
      ['pixel data first', chunk('IDAT', tinyStream)],
    ] as const;
    for (const [name, first] of cases) {
      const path = `/d/${name}.png`;
      expectRefusal(
        handPng(first, tinyStream),
        path,
        `Image file "${path}" is not a valid PNG file: its first chunk is not a valid IHDR header (size, bit depth ` +
          'and colour type). Re-export it or delete it.',
      );
    }
  });

  it('reports truncated and corrupt PNGs plainly, keeping the decoder error only as the cause', () => {
    const png = encodePng(pattern(16, 16, 3), 16, 16, 3);
    const plain = (path: string) =>
      `Image file "${path}" is a corrupt or truncated PNG file. Re-export it or delete it.`;
    for (const length of [8, 20, 40, png.length >> 1, png.length - 12, png.length - 1]) {
      const path = `/d/cut-${length}.png`;
      expectRefusal(png.subarray(0, length), path, plain(path));
    }
    // A flipped CRC passes every check of ours and fails in pngjs, whose words stay out of the message.
    const badCrc = Uint8Array.from(png);
    badCrc[32] ^= 0xff; // the last byte of IHDR's CRC
    const err = expectRefusal(badCrc, '/d/crc.png', plain('/d/crc.png'));
    expect(err.cause).toBeInstanceOf(Error);
    // A broken zlib stream fails in our bounded inflate, with zlib's error as the cause.
    const broken = handPng(ihdr(4, 4), Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff, 0xff]));
    expect(expectRefusal(broken, '/d/zlib.png', plain('/d/zlib.png')).cause).toBeInstanceOf(Error);
  });

  it('refuses a JPEG whose frame header declares a huge size, from the header', () => {
    for (const [width, height] of [
      [20_000, 20_000],
      [20_000, 1],
      [65_535, 65_535],
    ]) {
      const path = `/d/${width}x${height}.jpg`;
      expectRefusal(
        grayJpeg(width, height),
        path,
        `Image file "${path}" is ${width}x${height} pixels; this reader takes at most 16384 pixels a side and ` +
          '16.7 MP. Shrink it before importing.',
      );
    }
  });

  it('still decodes a 12 MP (4000x3000) PNG', () => {
    const [width, height] = [4000, 3000];
    const raw = Buffer.alloc(height * (width + 1));
    for (let y = 0; y < height; y++) raw.fill(y % 251, y * (width + 1) + 1, (y + 1) * (width + 1));
    const file = handPng(ihdr(width, height), deflateSync(raw, { level: 1 }));
    const started = performance.now();
    const img = decodeImage(file, '/d/photo.png');
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(img).toMatchObject({ width, height, channels: 1 });
    for (const y of [0, 1, 1500, 2999]) {
      expect(img.data[y * width]).toBe(y % 251);
      expect(img.data[y * width + width - 1]).toBe(y % 251);
    }
  });

  it('decodes interlaced PNGs exactly, including sizes with empty passes', () => {
    for (const [width, height] of [
      [1, 1],
      [3, 2],
      [9, 7],
      [16, 16],
    ]) {
      const pixels = pattern(width, height, 1);
      const img = decodeImage(interlacedGrayPng(width, height, pixels), `/d/i${width}x${height}.png`);
      expect(img).toMatchObject({ width, height, channels: 1 });
      expect(Array.from(img.data)).toEqual(Array.from(pixels));
    }
  });
});
