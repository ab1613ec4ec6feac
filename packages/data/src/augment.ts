import { cos, sin } from './det-math.js';
import { InvalidOptionError } from './errors/invalid-option-error.js';
import { Rng } from './prng.js';
import type { Dataset, PixelArray } from './types.js';

/**
 * The 8 symmetries of the square applied to every image (identity, 3 rotations by 90°, and their mirror
 * images), labels kept: 8 times the images for free when the classes do not depend on orientation, as with
 * shapes drawn at any angle. Exact pixel moves, no resampling. Images must be square.
 *
 * @example const more = dihedral(fewShots); // 20 examples per class become 160
 */
export function dihedral<T extends PixelArray>(dataset: Dataset<T>): Dataset<T> {
  const [n, h, w, c] = dataset.shape;
  if (h !== w)
    throw new InvalidOptionError(`dihedral needs square images (got ${h}x${w}); resize them first.`);
  const per = h * w * c;
  const images = new (dataset.images.constructor as new (k: number) => T)(n * 8 * per);
  const labels = new Int32Array(n * 8);
  for (let i = 0; i < n; i++) {
    const src = dataset.images.subarray(i * per, (i + 1) * per);
    for (let t = 0; t < 8; t++) {
      const dst = (i * 8 + t) * per;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          // Transform t maps output (x, y) to a source pixel: bit 0 mirrors, bits 1-2 rotate by 90° steps.
          let sx = t & 1 ? w - 1 - x : x;
          let sy = y;
          for (let r = 0; r < t >> 1; r++) [sx, sy] = [sy, w - 1 - sx];
          for (let k = 0; k < c; k++)
            images[dst + (y * w + x) * c + k] = src[(sy * w + sx) * c + k] as number;
        }
      }
      labels[i * 8 + t] = dataset.labels[i] as number;
    }
  }
  return { ...dataset, images, labels, shape: [n * 8, h, w, c], meta: { ...dataset.meta } };
}

/**
 * Each image followed by `copies` copies of it turned by random angles about its centre (bilinear, with the
 * pixels past the border taken from the nearest edge), labels kept: views between the right angles that
 * {@link dihedral} gives, for classes that do not depend on orientation. Deterministic for a `seed`, in every
 * engine. Images must be square.
 *
 * @example const more = dihedral(rotations(fewShots, 8)); // 20 examples per class become 1,440
 */
export function rotations<T extends PixelArray>(dataset: Dataset<T>, copies: number, seed = 1): Dataset<T> {
  const [n, h, w, c] = dataset.shape;
  if (h !== w)
    throw new InvalidOptionError(`rotations needs square images (got ${h}x${w}); resize them first.`);
  if (!Number.isInteger(copies) || copies < 0)
    throw new InvalidOptionError(`rotations: copies must be a whole number of 0 or more (got ${copies}).`);
  const per = h * w * c;
  const k = copies + 1;
  const images = new (dataset.images.constructor as new (k: number) => T)(n * k * per);
  const labels = new Int32Array(n * k);
  const rounds = dataset.images instanceof Uint8Array;
  const rng = new Rng(seed);
  const mid = (w - 1) / 2;
  const clamp = (v: number) => Math.min(w - 1, Math.max(0, v));
  for (let i = 0; i < n; i++) {
    const src = dataset.images.subarray(i * per, (i + 1) * per);
    images.set(src, i * k * per);
    for (let j = 1; j < k; j++) {
      const angle = rng.range(0, 2 * Math.PI);
      const ca = cos(angle);
      const sa = sin(angle);
      const dst = (i * k + j) * per;
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          // The source point that lands on (x, y): the output pixel turned back by the angle.
          const sx = clamp(ca * (x - mid) + sa * (y - mid) + mid);
          const sy = clamp(-sa * (x - mid) + ca * (y - mid) + mid);
          const x0 = Math.floor(sx);
          const y0 = Math.floor(sy);
          const x1 = Math.min(w - 1, x0 + 1);
          const y1 = Math.min(h - 1, y0 + 1);
          const fx = sx - x0;
          const fy = sy - y0;
          for (let ch = 0; ch < c; ch++) {
            const at = (yy: number, xx: number) => src[(yy * w + xx) * c + ch] as number;
            const v =
              (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) +
              fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1));
            images[dst + (y * w + x) * c + ch] = rounds ? Math.round(v) : v;
          }
        }
      }
    }
    labels.fill(dataset.labels[i] as number, i * k, (i + 1) * k);
  }
  return { ...dataset, images, labels, shape: [n * k, h, w, c], meta: { ...dataset.meta } };
}
