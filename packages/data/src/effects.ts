import { fillBytes, fillRgbBytes } from './byte-fill.js';
import { Rng } from './prng.js';
import type { Surface } from './rasterize.js';

/**
 * A 3x3 box blur in place (edges clamp), separable: a pass along rows into `scratch`, then one along columns.
 * `scratch` must hold at least `width * height * channels` floats.
 */
export function boxBlur3(s: Surface, scratch: Float32Array): void {
  const { data, width: w, height: h, channels: c, offset } = s;
  if (data instanceof Float32Array) {
    blurRowsFloat(data, offset, scratch, w, h, c);
    blurColsFloat(scratch, data, offset, w, h, c);
  } else {
    blurRows8(data, offset, scratch, w, h, c);
    blurCols8(scratch, data, offset, w, h, c);
  }
}

// Row sums of three (not yet divided), from the image into the scratch buffer; the first and last pixel of a row
// count themselves twice (edges clamp), added in the same order as before so float images keep their bits. One
// copy per input type, with the edges outside the inner loop, keeps the loop branch-free and monomorphic: one
// generic function fed both types took 31-40 µs per 64x64 image against 20-24 (a microbenchmark, 2 cores here).
function blurRows8(
  src: Uint8Array,
  offset: number,
  dst: Float32Array,
  w: number,
  h: number,
  c: number,
): void {
  const rowLen = w * c;
  for (let y = 0; y < h; y++) {
    const row = y * rowLen;
    const at = offset + row;
    if (w === 1) {
      for (let i = 0; i < c; i++) dst[row + i] = 3 * (src[at + i] as number);
      continue;
    }
    for (let i = 0; i < c; i++) {
      dst[row + i] = (src[at + i] as number) + (src[at + i] as number) + (src[at + i + c] as number);
      const j = rowLen - c + i;
      dst[row + j] = (src[at + j - c] as number) + (src[at + j] as number) + (src[at + j] as number);
    }
    for (let i = c; i < rowLen - c; i++) {
      dst[row + i] = (src[at + i - c] as number) + (src[at + i] as number) + (src[at + i + c] as number);
    }
  }
}

function blurRowsFloat(
  src: Float32Array,
  offset: number,
  dst: Float32Array,
  w: number,
  h: number,
  c: number,
): void {
  const rowLen = w * c;
  for (let y = 0; y < h; y++) {
    const row = y * rowLen;
    const at = offset + row;
    if (w === 1) {
      for (let i = 0; i < c; i++) dst[row + i] = 3 * (src[at + i] as number);
      continue;
    }
    for (let i = 0; i < c; i++) {
      dst[row + i] = (src[at + i] as number) + (src[at + i] as number) + (src[at + i + c] as number);
      const j = rowLen - c + i;
      dst[row + j] = (src[at + j - c] as number) + (src[at + j] as number) + (src[at + j] as number);
    }
    for (let i = c; i < rowLen - c; i++) {
      dst[row + i] = (src[at + i - c] as number) + (src[at + i] as number) + (src[at + i + c] as number);
    }
  }
}

// Two copies of the column pass, one per output type, so each loop stays monomorphic (see rasterize.ts).
function blurCols8(
  src: Float32Array,
  dst: Uint8Array,
  offset: number,
  w: number,
  h: number,
  c: number,
): void {
  const rowLen = w * c;
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : 0) * rowLen;
    const down = (y < h - 1 ? y + 1 : y) * rowLen;
    const row = y * rowLen;
    for (let i = 0; i < rowLen; i++) {
      dst[offset + row + i] =
        ((src[up + i] as number) + (src[row + i] as number) + (src[down + i] as number)) / 9 + 0.5;
    }
  }
}

function blurColsFloat(
  src: Float32Array,
  dst: Float32Array,
  offset: number,
  w: number,
  h: number,
  c: number,
): void {
  const rowLen = w * c;
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : 0) * rowLen;
    const down = (y < h - 1 ? y + 1 : y) * rowLen;
    const row = y * rowLen;
    for (let i = 0; i < rowLen; i++) {
      dst[offset + row + i] =
        ((src[up + i] as number) + (src[row + i] as number) + (src[down + i] as number)) / 9;
    }
  }
}

// 65,536 standard normal samples, made once from a fixed seed with the Irwin-Hall sum (no log or sqrt, so the
// table is bit-identical everywhere). Each image reads it from a random start with a random odd stride, so
// noise costs a table read per pixel instead of several random draws, and no two images share a pattern.
let gaussTable: Float32Array | undefined;
function gaussians(): Float32Array {
  if (!gaussTable) {
    const rng = new Rng(0x5eed);
    gaussTable = new Float32Array(65536);
    for (let i = 0; i < gaussTable.length; i++) gaussTable[i] = rng.normal();
  }
  return gaussTable;
}

/** Adds zero-mean Gaussian noise of standard deviation `sigma` gray levels, clamped to the valid range. */
export function addNoise(s: Surface, sigma: number, rng: Rng): void {
  const { data, offset } = s;
  const table = gaussians();
  const n = s.width * s.height * s.channels;
  let j = rng.uint32() & 0xffff;
  const step = (rng.uint32() & 0xfffe) | 1;
  if (data instanceof Float32Array) {
    const k = sigma / 255;
    for (let i = offset; i < offset + n; i++, j = (j + step) & 0xffff) {
      const v = (data[i] as number) + (table[j] as number) * k;
      data[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  } else {
    // Uint8Array stores clamp nothing and truncate: clamp, then add 0.5 to round.
    for (let i = offset; i < offset + n; i++, j = (j + step) & 0xffff) {
      const v = (data[i] as number) + (table[j] as number) * sigma + 0.5;
      data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
}

/** Fills the whole image with one colour (0-255 per channel). */
export function fillBackground(s: Surface, color: ArrayLike<number>): void {
  const { data, channels: c, offset } = s;
  const n = s.width * s.height;
  if (data instanceof Uint8Array) {
    if (c === 1) fillBytes(data, color[0] as number, offset, offset + n);
    else
      fillRgbBytes(data, color[0] as number, color[1] as number, color[2] as number, offset, offset + 3 * n);
    return;
  }
  const scale = 1 / 255;
  if (c === 1) {
    data.fill((color[0] as number) * scale, offset, offset + n);
    return;
  }
  const r = (color[0] as number) * scale;
  const g = (color[1] as number) * scale;
  const b = (color[2] as number) * scale;
  for (let i = offset, stop = offset + n * c; i < stop; i += 3) {
    data[i] = r;
    data[i + 1] = g;
    data[i + 2] = b;
  }
}
