import { describe, expect, it } from 'vitest';
import { createDataset } from './dataset.js';
import { InvalidOptionError } from './errors/invalid-option-error.js';
import { frameInk } from './frame-ink.js';

/** A `size` x `size` gray image of `bg` with a filled rectangle of `ink` from (x0, y0) to (x1, y1), exclusive. */
function rect(size: number, [x0, y0, x1, y1]: number[], ink = 0, bg = 255): Uint8Array {
  const img = new Uint8Array(size * size).fill(bg);
  for (let y = y0 as number; y < (y1 as number); y++)
    for (let x = x0 as number; x < (x1 as number); x++) img[y * size + x] = ink;
  return img;
}

/** The box of pixels that differ from `bg` by more than half the contrast: [x0, y0, x1, y1], exclusive. */
function box(img: ArrayLike<number>, size: number, bg = 255, c = 1): number[] {
  let [x0, y0, x1, y1] = [size, size, -1, -1];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (Math.abs((img[(y * size + x) * c] as number) - bg) > 127) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
    }
  }
  return [x0, y0, x1, y1];
}

const one = (images: Uint8Array | Float32Array, size: number, c = 1) => ({
  images,
  shape: [1, size, size, c] as [number, number, number, number],
});

describe('frameInk', () => {
  it('centres a small shape in a corner and scales it to fill the frame', () => {
    // A 20x10 bar at the top left of a 64x64 image: its longer side should become 0.8 * 64 = 51 pixels, centred.
    const { images } = frameInk(one(rect(64, [2, 3, 22, 13]), 64));
    const [x0, y0, x1, y1] = box(images, 64);
    expect(x1 - x0).toBeGreaterThanOrEqual(49);
    expect(x1 - x0).toBeLessThanOrEqual(53);
    expect((x0 + x1) / 2).toBeCloseTo(32, 0);
    expect((y0 + y1) / 2).toBeCloseTo(32, 0);
    expect(y1 - y0).toBeLessThan(30); // the aspect ratio is kept
  });

  it('frames light-on-dark images the same way as dark-on-light ones', () => {
    const dark = frameInk(one(rect(32, [20, 20, 28, 26]), 32)).images;
    const light = frameInk(one(rect(32, [20, 20, 28, 26], 255, 0), 32)).images;
    expect(Array.from(light, (v) => 255 - v)).toEqual(Array.from(dark));
  });

  it('returns an image without ink unchanged, and leaves its input alone', () => {
    const blank = new Uint8Array(16 * 16).fill(200);
    expect(frameInk(one(blank, 16)).images).toEqual(blank);
    const input = rect(16, [1, 1, 4, 4]);
    const copy = input.slice();
    frameInk(one(input, 16));
    expect(input).toEqual(copy);
  });

  it('enlarges at most 6 times, so a speck stays small', () => {
    // A 4-pixel speck becomes at most 24 pixels wide, not the 51 that the fill asks for.
    const [x0, , x1] = box(frameInk(one(rect(64, [40, 40, 44, 44]), 64)).images, 64);
    expect(x1 - x0).toBeGreaterThanOrEqual(20);
    expect(x1 - x0).toBeLessThanOrEqual(25);
  });

  it('ignores faint noise and a few stray pixels when it finds the shape', () => {
    const img = rect(64, [10, 10, 30, 30]);
    for (let i = 0; i < img.length; i += 7) img[i] = Math.max(0, (img[i] as number) - 5); // faint noise
    img[63 * 64 + 63] = 0; // one stray dark pixel in the far corner
    const [x0, y0, x1, y1] = box(frameInk(one(img, 64)).images, 64);
    expect(x1 - x0).toBeGreaterThanOrEqual(49);
    expect((x0 + x1) / 2).toBeCloseTo(32, 0);
    expect((y0 + y1) / 2).toBeCloseTo(32, 0);
  });

  it('ignores a stray stroke fainter than the shape, even beside a thin outline', () => {
    // A 1-pixel outline square at the top left and, far from it, a short stroke at 60% of its contrast (the
    // generator's strongest clutter): the stroke holds 4% of the ink, more than the box's 1% may leave out.
    const img = new Uint8Array(64 * 64).fill(255);
    for (let k = 4; k < 24; k++) {
      for (const p of [4 * 64 + k, 23 * 64 + k, k * 64 + 4, k * 64 + 23]) img[p] = 0;
    }
    for (let x = 50; x < 54; x++) img[58 * 64 + x] = 102;
    const [x0, y0, x1, y1] = box(frameInk(one(img, 64)).images, 64);
    expect(x1 - x0).toBeGreaterThanOrEqual(49);
    expect((x0 + x1) / 2).toBeCloseTo(32, 0);
    expect((y0 + y1) / 2).toBeCloseTo(32, 0);
  });

  it('gives floats in [0, 1] the same frame as bytes, and keeps the pixel type', () => {
    const bytes = rect(32, [3, 5, 12, 11], 40, 230);
    const floats = Float32Array.from(bytes, (v) => v / 255);
    const a = frameInk(one(bytes, 32)).images;
    const b = frameInk(one(floats, 32)).images;
    expect(b).toBeInstanceOf(Float32Array);
    for (let i = 0; i < a.length; i++)
      expect(Math.abs((b[i] as number) * 255 - (a[i] as number))).toBeLessThanOrEqual(0.5001);
  });

  it('frames every channel of colour images alike', () => {
    const gray = rect(32, [4, 4, 12, 10]);
    const rgb = new Uint8Array(32 * 32 * 3);
    for (let p = 0; p < 32 * 32; p++) rgb.set([gray[p] as number, 255, 255], p * 3); // cyan on white: only red holds the shape
    const framed = frameInk(one(rgb, 32, 3)).images;
    const red = Array.from({ length: 32 * 32 }, (_, p) => framed[p * 3] as number);
    expect(box(red, 32)).toEqual(box(frameInk(one(gray, 32)).images, 32));
    for (let p = 0; p < 32 * 32; p++) expect(framed[p * 3 + 1]).toBe(255);
  });

  it('keeps the labels, order and other fields of a dataset', () => {
    const ds = createDataset({ shapes: ['circle', 'star'], perClass: 3, seed: 4, size: 32 });
    const framed = frameInk(ds);
    expect(framed.labels).toBe(ds.labels);
    expect(framed.shape).toEqual(ds.shape);
    expect(framed.classNames).toEqual(ds.classNames);
    expect(framed.images).not.toEqual(ds.images);
    expect(frameInk(ds).images).toEqual(framed.images); // deterministic
  });

  it('refuses a fill outside (0, 1] and images that do not match their shape', () => {
    expect(() => frameInk(one(rect(8, [1, 1, 3, 3]), 8), { fill: 1.5 })).toThrow(InvalidOptionError);
    expect(() => frameInk({ images: new Uint8Array(10), shape: [1, 8, 8, 1] })).toThrow(/needs 64/);
  });

  it('with normalize, gives light ink on black at full contrast whatever the polarity and contrast', () => {
    const dark = frameInk(one(rect(32, [20, 20, 28, 26]), 32), { normalize: true }).images;
    const light = frameInk(one(rect(32, [20, 20, 28, 26], 255, 0), 32), { normalize: true }).images;
    const faint = frameInk(one(rect(32, [20, 20, 28, 26], 110, 130), 32), { normalize: true }).images;
    expect(Array.from(light)).toEqual(Array.from(dark));
    expect(Array.from(faint)).toEqual(Array.from(dark));
    expect(dark[0]).toBe(0);
    expect(Math.max(...dark)).toBe(255);
    expect(box(dark, 32, 0)).toEqual(box(frameInk(one(rect(32, [20, 20, 28, 26]), 32)).images, 32));
  });

  it('with normalize, writes the ink level to every channel, and floats in [0, 1]', () => {
    const rgb = new Uint8Array(16 * 16 * 3).fill(200);
    for (let p = 5 * 16 + 5; p < 5 * 16 + 9; p++) rgb.set([20, 200, 20], p * 3);
    const out = frameInk(one(rgb, 16, 3), { normalize: true }).images;
    const ink = Array.from(out).filter((v, i) => i % 3 === 0 && v > 0).length;
    expect(ink).toBeGreaterThan(0);
    for (let p = 0; p < 256; p++) expect(out[p * 3 + 1]).toBe(out[p * 3]);
    const floats = frameInk(
      one(
        Float32Array.from(rect(16, [4, 4, 9, 9]), (v) => v / 255),
        16,
      ),
      {
        normalize: true,
      },
    ).images;
    expect(Math.max(...floats)).toBeCloseTo(1, 5);
    expect(Math.min(...floats)).toBeGreaterThanOrEqual(0);
  });

  it('with normalize, gives an image without ink as black', () => {
    const blank = new Uint8Array(16 * 16).fill(200);
    expect(Math.max(...frameInk(one(blank, 16), { normalize: true }).images)).toBe(0);
  });
});
