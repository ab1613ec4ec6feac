import { zlibSync } from 'fflate';
import type { ReportImage } from './types.js';

/**
 * An image as a `data:image/png;base64,...` URL, so the report carries its pictures inside the one file. Plain
 * JavaScript (fflate's deflate, the browser's and Node's `btoa`): reports render in browsers too.
 *
 * @throws RangeError when the sizes are not positive integers or the pixel count does not match them.
 */
export function pngDataUrl(image: ReportImage): string {
  const png = encodePng(image);
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}

/** 8-bit gray or RGB pixels (HWC) as the bytes of a PNG file. */
export function encodePng({ pixels, width, height, channels }: ReportImage): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`pngDataUrl: width and height must be positive integers, got ${width}x${height}`);
  }
  if (channels !== 1 && channels !== 3) {
    throw new RangeError(`pngDataUrl: channels must be 1 or 3, got ${String(channels)}`);
  }
  const row = width * channels;
  if (pixels.length !== row * height) {
    throw new RangeError(
      `pngDataUrl: expected ${width}x${height}x${channels} = ${row * height} bytes, got ${pixels.length}`,
    );
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, channels === 1 ? 0 : 2, 0, 0, 0], 8);
  return concat([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(filterRows(pixels, row, channels), { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * Each row behind its filter byte, filtered with whichever of None, Sub and Up leaves the smallest sum of
 * magnitudes (the usual heuristic): drawn shapes on flat backgrounds then deflate to a fraction of their size.
 */
function filterRows(pixels: Uint8Array, row: number, bpp: number): Uint8Array {
  const out = new Uint8Array((row + 1) * (pixels.length / row));
  const candidates = [new Uint8Array(row), new Uint8Array(row), new Uint8Array(row)];
  for (let y = 0, at = 0; at < pixels.length; y++, at += row) {
    const line = pixels.subarray(at, at + row);
    const above = at > 0 ? pixels.subarray(at - row, at) : undefined;
    const [none, sub, up] = candidates as [Uint8Array, Uint8Array, Uint8Array];
    none.set(line);
    for (let x = 0; x < row; x++) {
      sub[x] = line[x]! - (x >= bpp ? line[x - bpp]! : 0);
      up[x] = line[x]! - (above ? above[x]! : 0);
    }
    const cost = (f: Uint8Array) => f.reduce((sum, v) => sum + (v < 128 ? v : 256 - v), 0);
    const best = candidates.map(cost).reduce((b, c, i, all) => (c < all[b]! ? i : b), 0);
    out[y * (row + 1)] = best;
    out.set(candidates[best]!, y * (row + 1) + 1);
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const b of bytes) crc = crcTable[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
