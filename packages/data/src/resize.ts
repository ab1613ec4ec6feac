import type { Channels, DecodedChannels } from './types.js';

/**
 * Converts 8-bit HWC pixels between gray, RGB and RGBA, ending in gray or RGB.
 *
 * RGB becomes gray by ITU-R BT.601 luma (0.299 R + 0.587 G + 0.114 B, the weights PIL's `convert('L')` uses, so
 * a model sees the same grays as one trained through torchvision). Alpha is composited over white: drawn shapes
 * such as the hand-drawn RGBA set are already opaque, and a drawing saved with transparency is nearly always
 * dark ink on a transparent page, which only stays visible on a light background (compositing over black would
 * turn the page as dark as the ink).
 *
 * @returns a new array of `height * width * outChannels` bytes, or a copy when the layout already matches.
 */
export function toChannels(
  data: Uint8Array,
  width: number,
  height: number,
  inChannels: DecodedChannels,
  outChannels: Channels,
): Uint8Array {
  const n = width * height;
  if (data.length !== n * inChannels) {
    throw new RangeError(
      `toChannels: expected ${width}x${height}x${inChannels} = ${n * inChannels} bytes, got ${data.length}`,
    );
  }
  if (inChannels === outChannels) return data.slice();
  const out = new Uint8Array(n * outChannels);
  for (let i = 0; i < n; i++) {
    let r: number;
    let g: number;
    let b: number;
    if (inChannels === 1) {
      r = g = b = data[i];
    } else {
      const p = i * inChannels;
      r = data[p];
      g = data[p + 1];
      b = data[p + 2];
      if (inChannels === 4) {
        // Integer arithmetic keeps the result exact and the same on every platform.
        const a = data[p + 3];
        const bg = 255 * (255 - a);
        r = Math.round((r * a + bg) / 255);
        g = Math.round((g * a + bg) / 255);
        b = Math.round((b * a + bg) / 255);
      }
    }
    if (outChannels === 1) {
      out[i] = Math.round((299 * r + 587 * g + 114 * b) / 1000);
    } else {
      out[i * 3] = r;
      out[i * 3 + 1] = g;
      out[i * 3 + 2] = b;
    }
  }
  return out;
}

/**
 * Resizes 8-bit HWC pixels to `outWidth x outHeight`, each axis on its own: an axis that shrinks is
 * area-averaged (every output pixel is the mean of the source area it covers, so thin strokes fade instead of
 * vanishing or aliasing), an axis that grows is interpolated bilinearly (pixel centres aligned, edges clamped).
 *
 * Pure and deterministic: the same input gives the same bytes on every platform, Node or browser, so a picture
 * read from a canvas and the same picture decoded from a file reach a model as the same pixels.
 *
 * @returns a new array of `outHeight * outWidth * channels` bytes.
 */
export function resizeImage(
  data: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  for (const [name, v] of [
    ['width', width],
    ['height', height],
    ['channels', channels],
    ['outWidth', outWidth],
    ['outHeight', outHeight],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`resizeImage: ${name} must be a positive integer, got ${v}`);
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(
      `resizeImage: expected ${width}x${height}x${channels} = ${width * height * channels} bytes, got ${data.length}`,
    );
  }
  if (width === outWidth && height === outHeight) return data.slice();

  const xs = axisWeights(width, outWidth);
  const ys = axisWeights(height, outHeight);

  // Horizontal pass into floats, so the vertical pass does not round twice.
  const rowLen = outWidth * channels;
  const tmp = new Float64Array(height * rowLen);
  for (let y = 0; y < height; y++) {
    const src = y * width * channels;
    const dst = y * rowLen;
    for (let ox = 0; ox < outWidth; ox++) {
      const { start, weights } = xs[ox];
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = 0; k < weights.length; k++) sum += weights[k] * data[src + (start + k) * channels + c];
        tmp[dst + ox * channels + c] = sum;
      }
    }
  }

  const out = new Uint8Array(outHeight * rowLen);
  for (let oy = 0; oy < outHeight; oy++) {
    const { start, weights } = ys[oy];
    const dst = oy * rowLen;
    for (let j = 0; j < rowLen; j++) {
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k] * tmp[(start + k) * rowLen + j];
      // Uint8Array would truncate; round, and clamp against float error pushing past the ends.
      out[dst + j] = Math.min(255, Math.max(0, Math.round(sum)));
    }
  }
  return out;
}

interface Taps {
  start: number;
  weights: number[];
}

/** For each output index, the first source index and the weights of the source pixels it mixes (summing to 1). */
function axisWeights(inSize: number, outSize: number): Taps[] {
  const taps: Taps[] = [];
  const scale = inSize / outSize;
  if (outSize === inSize) {
    for (let o = 0; o < outSize; o++) taps.push({ start: o, weights: [1] });
  } else if (outSize < inSize) {
    // Output pixel o covers source interval [o * scale, (o + 1) * scale); weight each source pixel by overlap.
    for (let o = 0; o < outSize; o++) {
      const lo = o * scale;
      const hi = (o + 1) * scale;
      const start = Math.floor(lo);
      const end = Math.min(inSize, Math.ceil(hi));
      const weights: number[] = [];
      for (let s = start; s < end; s++) weights.push((Math.min(hi, s + 1) - Math.max(lo, s)) / scale);
      taps.push({ start, weights });
    }
  } else {
    for (let o = 0; o < outSize; o++) {
      if (inSize === 1) {
        taps.push({ start: 0, weights: [1] });
        continue;
      }
      // Align pixel centres; clamping makes the outermost outputs copy the edge pixels.
      const x = Math.min(inSize - 1, Math.max(0, (o + 0.5) * scale - 0.5));
      const start = Math.min(Math.floor(x), inSize - 2);
      const frac = x - start;
      taps.push({ start, weights: [1 - frac, frac] });
    }
  }
  return taps;
}
