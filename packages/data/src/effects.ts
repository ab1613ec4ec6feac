import { alignedWords, fillBytes, fillRgbBytes } from './byte-fill.js';
import { Rng } from './prng.js';
import type { Surface } from './rasterize.js';

/**
 * A 3x3 box blur in place (edges clamp), separable. `scratch` must hold at least `width * height * channels`
 * floats, and at least `3 * width * channels`. On byte images, `box` (`[x0, y0, x1, y1)`) may say where the
 * image differs from a flat background: only that box and a pixel around it can change, so only they are
 * blurred.
 */
export function boxBlur3(s: Surface, scratch: Float32Array, box?: ArrayLike<number>): void {
  const { data, width: w, height: h, channels: c, offset } = s;
  if (data instanceof Float32Array) {
    blurFloat(data, offset, scratch, w, h, c);
    return;
  }
  const x0 = box ? Math.max(0, (box[0] as number) - 1) : 0;
  const y0 = box ? Math.max(0, (box[1] as number) - 1) : 0;
  const x1 = box ? Math.min(w, (box[2] as number) + 1) : w;
  const y1 = box ? Math.min(h, (box[3] as number) + 1) : h;
  if (x1 <= x0 || y1 <= y0) return;
  const sums = new Int32Array(scratch.buffer, scratch.byteOffset, 3 * w * c);
  blur8(data, offset, sums, w, h, c, x0, y0, x1, y1);
}

// floor(sum / 9 + 0.5) for every sum of nine bytes: a table read instead of a division.
const NINTHS = Uint8Array.from({ length: 9 * 255 + 1 }, (_, sum) => Math.floor(sum / 9 + 0.5));

// Byte images, a row at a time: the row sums of three of the rows above, at and below into a ring of three
// rows, then their column sums straight into the image, each row's sums taken before the row above is
// overwritten. Integer sums are exact in any order, so the bytes are those of a row pass then a column pass (as
// float images take), in less than half their time.
function blur8(
  data: Uint8Array,
  offset: number,
  sums: Int32Array,
  w: number,
  h: number,
  c: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): void {
  const n = (x1 - x0) * c;
  let up = 0;
  let mid = n;
  let down = 2 * n;
  rowSums(data, offset + Math.max(0, y0 - 1) * w * c, w, c, x0, x1, sums, up);
  rowSums(data, offset + y0 * w * c, w, c, x0, x1, sums, mid);
  for (let y = y0; y < y1; y++) {
    rowSums(data, offset + Math.min(h - 1, y + 1) * w * c, w, c, x0, x1, sums, down);
    const at = offset + (y * w + x0) * c;
    for (let i = 0; i < n; i++) {
      data[at + i] = NINTHS[
        (sums[up + i] as number) + (sums[mid + i] as number) + (sums[down + i] as number)
      ] as number;
    }
    const t = up;
    up = mid;
    mid = down;
    down = t;
  }
}

// Sums of three neighbours along one row (edges clamp) for columns [x0, x1), into `dst` from `d0`.
function rowSums(
  data: Uint8Array,
  at: number,
  w: number,
  c: number,
  x0: number,
  x1: number,
  dst: Int32Array,
  d0: number,
): void {
  const shift = d0 - x0 * c;
  for (let ch = 0; ch < c; ch++) {
    if (x0 === 0) {
      const v = data[at + ch] as number;
      dst[shift + ch] = w === 1 ? 3 * v : 2 * v + (data[at + c + ch] as number);
    }
    if (x1 === w && w > 1) {
      const i = (w - 1) * c + ch;
      dst[shift + i] = (data[at + i - c] as number) + 2 * (data[at + i] as number);
    }
  }
  const lo = Math.max(x0, 1) * c;
  const hi = Math.min(x1, w - 1) * c;
  if (c === 1 && lo < hi) {
    // Gray: a window sliding along the row reads each byte once rather than three times.
    let left = data[at + lo - 1] as number;
    let mid = data[at + lo] as number;
    for (let i = lo; i < hi; i++) {
      const right = data[at + i + 1] as number;
      dst[shift + i] = left + mid + right;
      left = mid;
      mid = right;
    }
    return;
  }
  for (let i = lo; i < hi; i++) {
    dst[shift + i] = (data[at + i - c] as number) + (data[at + i] as number) + (data[at + i + c] as number);
  }
}

// Float images: row sums of three into `scratch`, then column sums of those back into the image, divided by 9
// (edges clamp: the first and last pixel of a row or column count twice).
function blurFloat(
  data: Float32Array,
  offset: number,
  scratch: Float32Array,
  w: number,
  h: number,
  c: number,
): void {
  const rowLen = w * c;
  for (let y = 0; y < h; y++) {
    const row = y * rowLen;
    const at = offset + row;
    if (w === 1) {
      for (let i = 0; i < c; i++) scratch[row + i] = 3 * (data[at + i] as number);
      continue;
    }
    for (let i = 0; i < c; i++) {
      scratch[row + i] = (data[at + i] as number) + (data[at + i] as number) + (data[at + i + c] as number);
      const j = rowLen - c + i;
      scratch[row + j] = (data[at + j - c] as number) + (data[at + j] as number) + (data[at + j] as number);
    }
    for (let i = c; i < rowLen - c; i++) {
      scratch[row + i] =
        (data[at + i - c] as number) + (data[at + i] as number) + (data[at + i + c] as number);
    }
  }
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : 0) * rowLen;
    const down = (y < h - 1 ? y + 1 : y) * rowLen;
    const row = y * rowLen;
    for (let i = 0; i < rowLen; i++) {
      data[offset + row + i] =
        ((scratch[up + i] as number) + (scratch[row + i] as number) + (scratch[down + i] as number)) / 9;
    }
  }
}

// 65,536 standard normal samples, made once from a fixed seed with the Irwin-Hall sum (no log or sqrt, so the
// table is bit-identical everywhere). An image reads them in order from a random start: no random draw per
// pixel, and reads the cache prefetches (a random stride through the table missed the cache on most reads).
// The first 64 Ki values repeat past the end, so no read wraps.
const GAUSS_SIZE = 65536;
let gaussTable: Float32Array | undefined;
function gaussians(reach: number): Float32Array {
  if (!gaussTable || gaussTable.length < GAUSS_SIZE + reach) {
    const rng = new Rng(0x5eed);
    const g = new Float32Array(GAUSS_SIZE);
    for (let i = 0; i < GAUSS_SIZE; i++) g[i] = rng.normal();
    gaussTable = new Float32Array(GAUSS_SIZE + reach);
    for (let i = 0; i < gaussTable.length; i++) gaussTable[i] = g[i % GAUSS_SIZE] as number;
    noiseCache.clear();
  }
  return gaussTable;
}

/**
 * The noise of one level (`sigma` in quarter gray levels) in whole gray levels, split into what to add and what
 * to subtract at each position, each at most 255: clamping then happens in saturating byte arithmetic, four
 * pixels to a 32-bit word, twice as fast as a pixel at a time. Made on first use, 139 KB each; the default
 * preset's sigmas (2 to 14) make 49 of them.
 */
interface NoiseBytes {
  add: Uint8Array;
  sub: Uint8Array;
  addWords: Int32Array;
  subWords: Int32Array;
}
const noiseCache = new Map<number, NoiseBytes>();
// More levels than this are made again when needed rather than kept (a wide sigma range would hold 70 MB).
const NOISE_LEVELS_KEPT = 64;

function noiseBytes(quarters: number, reach: number): NoiseBytes {
  const table = gaussians(reach);
  let t = noiseCache.get(quarters);
  if (t) return t;
  const length = (table.length + 3) & ~3;
  const add = new Uint8Array(length);
  const sub = new Uint8Array(length);
  for (let i = 0; i < table.length; i++) {
    // g * 4096 (12-bit fixed point) * quarters * 4 / 65536 = g * sigma, rounded by the added half.
    const v = (Math.round((table[i] as number) * 4096) * quarters * 4 + 32768) >> 16;
    if (v > 0) add[i] = v > 255 ? 255 : v;
    else sub[i] = v < -255 ? 255 : -v;
  }
  t = { add, sub, addWords: new Int32Array(add.buffer), subWords: new Int32Array(sub.buffer) };
  if (noiseCache.size >= NOISE_LEVELS_KEPT) noiseCache.delete(noiseCache.keys().next().value as number);
  noiseCache.set(quarters, t);
  return t;
}

const HIGH = 0x80808080 | 0;
const LOW = 0x7f7f7f7f;

/**
 * Adds zero-mean Gaussian noise of standard deviation `sigma` gray levels (at most 128), clamped to the valid
 * range. Byte images get the noise rounded to whole levels, with sigma in quarter levels.
 */
export function addNoise(s: Surface, sigma: number, rng: Rng): void {
  const { data, offset } = s;
  const n = s.width * s.height * s.channels;
  // Pixel k of the image takes the table's entry `first + k`; `first` is a multiple of 4 so that words line up.
  const first = rng.uint32() & (GAUSS_SIZE - 4);
  if (data instanceof Float32Array) {
    const table = gaussians(n);
    const k = sigma / 255;
    const j = first - offset;
    for (let i = offset; i < offset + n; i++) {
      const v = (data[i] as number) + (table[i + j] as number) * k;
      data[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
    return;
  }
  const { add, sub, addWords, subWords } = noiseBytes(Math.round(sigma * 4), n);
  let i = offset;
  const end = offset + n;
  if (((data.byteOffset + offset) & 3) === 0) {
    // Per byte: x + a saturating at 255, then - b saturating at 0 (one of a and b is 0); the standard SWAR
    // carry and borrow formulas keep the four bytes of a word apart.
    const words = alignedWords(data);
    let w = (data.byteOffset + offset - words.byteOffset) >> 2;
    let t = first >> 2;
    for (const stop = w + (n >> 2); w < stop; w++, t++) {
      const x = words[w] as number;
      const a = addWords[t] as number;
      const b = subWords[t] as number;
      let y = ((x & LOW) + (a & LOW)) ^ ((x ^ a) & HIGH);
      y |= ((((x & a) | ((x | a) & ~y)) & HIGH) >>> 7) * 255;
      const z = ((y | HIGH) - (b & LOW)) ^ ((y ^ ~b) & HIGH);
      words[w] = z & ~(((((~y & b) | (~(y ^ b) & z)) & HIGH) >>> 7) * 255);
    }
    i += n & ~3;
  }
  for (; i < end; i++) {
    const k = first + i - offset;
    const v = (data[i] as number) + (add[k] as number) - (sub[k] as number);
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
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
