import { describe, expect, it } from 'vitest';
import { createDataset, GENERATOR_VERSION } from './dataset.js';
import { InvalidOptionError } from './errors/invalid-option-error.js';
import { UnknownShapeError } from './errors/unknown-shape-error.js';
import { contentHash } from './hash.js';

const shapes = ['circle', 'square', 'triangle'];

function imageOf(ds: ReturnType<typeof createDataset>, i: number) {
  const [, h, w, c] = ds.shape;
  return ds.images.subarray(i * h * w * c, (i + 1) * h * w * c);
}

describe('createDataset', () => {
  it('returns interleaved labels, class names and NHWC shape', () => {
    const ds = createDataset({ shapes, perClass: 4, seed: 3 });
    expect(ds.shape).toEqual([12, 64, 64, 1]);
    expect(ds.images).toBeInstanceOf(Uint8Array);
    expect(ds.images.length).toBe(12 * 64 * 64);
    expect(Array.from(ds.labels)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(ds.classNames).toEqual(shapes);
    expect(ds.meta).toMatchObject({
      source: 'generator',
      preset: 'default',
      seed: 3,
      generatorVersion: GENERATOR_VERSION,
    });
  });

  it('is deterministic: the same options give the same bytes, another seed other bytes', () => {
    const a = createDataset({ shapes, perClass: 5, seed: 11 });
    const b = createDataset({ shapes, perClass: 5, seed: 11 });
    const c = createDataset({ shapes, perClass: 5, seed: 12 });
    expect(contentHash(a)).toBe(contentHash(b));
    expect(contentHash(a)).not.toBe(contentHash(c));
  });

  it('pins the content of a small dataset of each preset (a change here changes every dataset)', () => {
    expect(contentHash(createDataset({ shapes, perClass: 3, seed: 42 }))).toMatchInlineSnapshot(
      `"fc5c660620342ec6"`,
    );
    expect(
      contentHash(createDataset({ shapes, perClass: 2, seed: 42, preset: 'seed' })),
    ).toMatchInlineSnapshot(`"52072fef6f794392"`);
  });

  it('draws a class the same whichever other classes are asked for', () => {
    const alone = createDataset({ shapes: ['star'], perClass: 3, seed: 5 });
    const mixed = createDataset({ shapes: ['hexagon', 'star'], perClass: 3, seed: 5 });
    for (let j = 0; j < 3; j++) expect(imageOf(mixed, 2 * j + 1)).toEqual(imageOf(alone, j));
  });

  it('gives float32 images in [0, 1] that match the bytes', () => {
    const u8 = createDataset({ shapes, perClass: 3, seed: 8, render: { noise: 0, blur: 0 } });
    const f32 = createDataset({
      shapes,
      perClass: 3,
      seed: 8,
      render: { noise: 0, blur: 0 },
      pixelType: 'float32',
    });
    expect(f32.images).toBeInstanceOf(Float32Array);
    let maxDiff = 0;
    for (let i = 0; i < u8.images.length; i++) {
      const f = f32.images[i] as number;
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThanOrEqual(1);
      maxDiff = Math.max(maxDiff, Math.abs(f * 255 - (u8.images[i] as number)));
    }
    expect(maxDiff).toBeLessThanOrEqual(1.5);
  });

  it('draws the shape in contrast with its background', () => {
    const ds = createDataset({ shapes, perClass: 20, seed: 2, render: { noise: 0, blur: 0, clutter: 0 } });
    for (let i = 0; i < ds.shape[0]; i++) {
      const img = imageOf(ds, i);
      const corner = img[0] as number;
      let differing = 0;
      for (const v of img) if (Math.abs(v - corner) > 40) differing++;
      // At least a few dozen pixels of ink, and never the whole frame.
      expect(differing).toBeGreaterThan(30);
      expect(differing).toBeLessThan(64 * 64 * 0.9);
    }
  });

  it('mixes dark-on-light and light-on-dark images', () => {
    const ds = createDataset({ shapes, perClass: 40, seed: 4 });
    let light = 0;
    for (let i = 0; i < ds.shape[0]; i++) if ((imageOf(ds, i)[0] as number) > 127) light++;
    expect(light).toBeGreaterThan(ds.shape[0] * 0.3);
    expect(light).toBeLessThan(ds.shape[0] * 0.9);
  });

  it('reproduces the seed preset: black 256x256 RGB, one shape, squares of side 20-100', () => {
    const ds = createDataset({ shapes: ['square'], perClass: 20, preset: 'seed', seed: 1 });
    expect(ds.shape).toEqual([20, 256, 256, 3]);
    for (let i = 0; i < 20; i++) {
      const img = imageOf(ds, i);
      let lit = 0;
      for (let p = 0; p < 256 * 256; p++) {
        if (img[3 * p] || img[3 * p + 1] || img[3 * p + 2]) lit++;
      }
      // OpenCV's inclusive rectangle: side + 1 pixels; colour may be black, then nothing is lit.
      if (lit > 0) {
        expect(lit).toBeGreaterThanOrEqual(21 * 21);
        expect(lit).toBeLessThanOrEqual(100 * 100);
        expect(Math.sqrt(lit) % 1).toBe(0);
      }
    }
  });

  it('honours size, channels and styles', () => {
    const ds = createDataset({ shapes, perClass: 2, size: 32, channels: 3, styles: ['sketch'] });
    expect(ds.shape).toEqual([6, 32, 32, 3]);
  });

  it('rejects bad options with errors that say what to do', () => {
    expect(() => createDataset({ shapes: ['kite-tail'], perClass: 1 })).toThrow(UnknownShapeError);
    expect(() => createDataset({ shapes: ['kite-tail'], perClass: 1 })).toThrow(/Known shapes: circle/);
    expect(() => createDataset({ shapes, perClass: -1 })).toThrow(InvalidOptionError);
    expect(() => createDataset({ shapes, perClass: 1.5 })).toThrow(/positive integer/);
    expect(() => createDataset({ shapes: [], perClass: 1 })).toThrow(/at least one shape/);
    expect(() => createDataset({ shapes: ['circle', 'circle'], perClass: 1 })).toThrow(/twice/);
    expect(() => createDataset({ shapes, perClass: 1, size: 3 })).toThrow(/size/);
    // @ts-expect-error: a preset that does not exist
    expect(() => createDataset({ shapes, perClass: 1, preset: 'fancy' })).toThrow(/Unknown preset/);
    expect(() => createDataset({ shapes, perClass: 1, render: { noise: 2 } })).toThrow(/probability/);
    expect(() => createDataset({ shapes, perClass: 1, render: { scale: [0.9, 0.2] } })).toThrow(
      /render.scale/,
    );
    expect(() => createDataset({ shapes, perClass: 1, preset: 'seed', styles: ['filled'] })).toThrow(
      /default/,
    );
  });
});
