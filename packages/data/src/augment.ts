import { InvalidOptionError } from './errors/invalid-option-error.js';
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
