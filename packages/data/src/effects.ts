import type { Rng } from './prng.js';
import type { Surface } from './rasterize.js';

/**
 * A 3x3 box blur in place (edges clamp), separable: two passes of three taps. `scratch` must hold at least
 * `width * height * channels` floats.
 */
export function boxBlur3(s: Surface, scratch: Float32Array): void {
  const { data, width: w, height: h, channels: c, offset } = s;
  const isFloat = data instanceof Float32Array;
  const rowLen = w * c;
  for (let y = 0; y < h; y++) {
    const row = offset + y * rowLen;
    for (let x = 0; x < w; x++) {
      const xl = x > 0 ? x - 1 : 0;
      const xr = x < w - 1 ? x + 1 : x;
      for (let k = 0; k < c; k++) {
        scratch[y * rowLen + x * c + k] =
          ((data[row + xl * c + k] as number) + (data[row + x * c + k] as number) + (data[row + xr * c + k] as number)) /
          3;
      }
    }
  }
  for (let y = 0; y < h; y++) {
    const yu = y > 0 ? y - 1 : 0;
    const yd = y < h - 1 ? y + 1 : y;
    const row = offset + y * rowLen;
    for (let i = 0; i < rowLen; i++) {
      const v = ((scratch[yu * rowLen + i] as number) + (scratch[y * rowLen + i] as number) + (scratch[yd * rowLen + i] as number)) / 3;
      data[row + i] = isFloat ? v : (v + 0.5) | 0;
    }
  }
}

/** Adds zero-mean Gaussian noise of standard deviation `sigma` gray levels, clamped to the valid range. */
export function addNoise(s: Surface, sigma: number, rng: Rng): void {
  const { data, offset } = s;
  const n = s.width * s.height * s.channels;
  if (data instanceof Float32Array) {
    const k = sigma / 255;
    for (let i = offset; i < offset + n; i++) {
      const v = (data[i] as number) + rng.normal() * k;
      data[i] = v < 0 ? 0 : v > 1 ? 1 : v;
    }
  } else {
    for (let i = offset; i < offset + n; i++) {
      const v = (data[i] as number) + rng.normal() * sigma + 0.5;
      data[i] = v < 0 ? 0 : v > 255 ? 255 : v | 0;
    }
  }
}

/** Fills the whole image with one colour (0-255 per channel). */
export function fillBackground(s: Surface, color: ArrayLike<number>): void {
  const { data, channels: c, offset } = s;
  const n = s.width * s.height;
  const scale = data instanceof Float32Array ? 1 / 255 : 1;
  if (c === 1) {
    data.fill((color[0] as number) * scale, offset, offset + n);
    return;
  }
  const r = (color[0] as number) * scale;
  const g = (color[1] as number) * scale;
  const b = (color[2] as number) * scale;
  if (r === g && g === b) {
    data.fill(r, offset, offset + n * c);
    return;
  }
  data[offset] = r;
  data[offset + 1] = g;
  data[offset + 2] = b;
  // Double the filled prefix each step: a few large copies instead of one store per pixel.
  let filled = c;
  const total = n * c;
  while (filled < total) {
    const len = Math.min(filled, total - filled);
    data.copyWithin(offset + filled, offset, offset + len);
    filled += len;
  }
}
