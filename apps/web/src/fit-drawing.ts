/** A drawing made ready for a model: `size` x `size` gray bytes, and whether there was any ink at all. */
export interface FittedDrawing {
  pixels: Uint8Array;
  empty: boolean;
}

/** How much of the frame the drawing's longer side fills, like the shapes of the hand-drawn real set (~0.75). */
const FILL = 0.75;
/** A pixel darker than this (of 255) on the white pad counts as ink. */
const INK = 250;

/**
 * Crops a drawing (gray bytes, dark ink on white) to a square around its ink, with a margin, and scales it to
 * `size` x `size` by area averaging. People draw at any size anywhere on the pad; the model was trained on
 * shapes that fill a fair part of the frame, so framing the ink first is what makes a small scribble in a corner
 * readable. Written by hand because canvas scaling differs between browsers, and the same bytes must come out
 * in a unit test under Node.
 */
export function fitDrawing(gray: Uint8Array, width: number, height: number, size: number): FittedDrawing {
  if (gray.length !== width * height) {
    throw new RangeError(`fitDrawing: ${gray.length} pixels for a ${width}x${height} image.`);
  }
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((gray[y * width + x] as number) < INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  const pixels = new Uint8Array(size * size).fill(255);
  if (x1 < 0) return { pixels, empty: true };
  const side = Math.max(x1 - x0 + 1, y1 - y0 + 1) / FILL;
  const cx = (x0 + x1 + 1) / 2;
  const cy = (y0 + y1 + 1) / 2;
  const scale = side / size;
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      // The source square this output pixel covers, averaged with fractional edge weights.
      const sx0 = cx - side / 2 + ox * scale;
      const sy0 = cy - side / 2 + oy * scale;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(sy0); y < sy0 + scale; y++) {
        const wy = Math.min(y + 1, sy0 + scale) - Math.max(y, sy0);
        for (let x = Math.floor(sx0); x < sx0 + scale; x++) {
          const wx = Math.min(x + 1, sx0 + scale) - Math.max(x, sx0);
          const inside = x >= 0 && y >= 0 && x < width && y < height;
          sum += wx * wy * (inside ? (gray[y * width + x] as number) : 255);
          area += wx * wy;
        }
      }
      pixels[oy * size + ox] = Math.round(sum / area);
    }
  }
  return { pixels, empty: false };
}

/** Gray bytes of RGBA pixels (as a canvas's `getImageData` gives them), transparent counted as white. */
export function grayOfRgba(rgba: Uint8ClampedArray | Uint8Array): Uint8Array {
  const gray = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < gray.length; i++) {
    const a = (rgba[i * 4 + 3] as number) / 255;
    const lum =
      0.299 * (rgba[i * 4] as number) +
      0.587 * (rgba[i * 4 + 1] as number) +
      0.114 * (rgba[i * 4 + 2] as number);
    gray[i] = Math.round(lum * a + 255 * (1 - a));
  }
  return gray;
}
