import { describe, expect, it } from 'vitest';
import { dihedral, rotations } from './augment.js';
import type { Dataset } from './types.js';

// One 3x3 gray image with distinct pixels 1..9 and one of all 7s.
const ds: Dataset<Uint8Array> = {
  images: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, ...new Array(9).fill(7)]),
  labels: Int32Array.from([2, 0]),
  classNames: ['a', 'b', 'c'],
  shape: [2, 3, 3, 1],
  meta: { source: 'generator' },
};

describe('dihedral', () => {
  it('makes the 8 distinct symmetries of each image and keeps labels', () => {
    const out = dihedral(ds);
    expect(out.shape).toEqual([16, 3, 3, 1]);
    const first = Array.from({ length: 8 }, (_, t) =>
      Array.from(out.images.subarray(t * 9, t * 9 + 9)).join(),
    );
    expect(new Set(first).size).toBe(8);
    expect(first[0]).toBe('1,2,3,4,5,6,7,8,9');
    // A mirror and a quarter turn are among them.
    expect(first).toContain('3,2,1,6,5,4,9,8,7');
    expect(first).toContain('7,4,1,8,5,2,9,6,3');
    // Every one is a permutation of the same pixels, the centre fixed.
    for (const f of first) expect(f.split(',').map(Number).sort().join()).toBe('1,2,3,4,5,6,7,8,9');
    for (const f of first) expect(f.split(',')[4]).toBe('5');
    expect(Array.from(out.labels)).toEqual([...new Array(8).fill(2), ...new Array(8).fill(0)]);
    expect(Array.from(out.images.subarray(72))).toEqual(new Array(72).fill(7));
  });

  it('works on RGB images, moving whole pixels', () => {
    const rgb: Dataset<Uint8Array> = {
      ...ds,
      images: Uint8Array.from({ length: 2 * 2 * 3 }, (_, i) => i),
      labels: Int32Array.from([1]),
      shape: [1, 2, 2, 3],
    };
    const out = dihedral(rgb);
    for (let t = 0; t < 8; t++) {
      const img = out.images.subarray(t * 12, t * 12 + 12);
      for (let p = 0; p < 4; p++) expect((img[p * 3 + 1] as number) - (img[p * 3] as number)).toBe(1);
    }
    // The mirror image swaps the columns.
    expect(Array.from(out.images.subarray(12, 24))).toEqual([3, 4, 5, 0, 1, 2, 9, 10, 11, 6, 7, 8]);
    expect(() => dihedral({ ...ds, shape: [1, 3, 2, 1] })).toThrow(/square/);
  });
});

describe('rotations', () => {
  // A 9x9 image with one bright bar through the centre, along x.
  const bar: Dataset<Uint8Array> = {
    images: Uint8Array.from({ length: 81 }, (_, i) => (Math.floor(i / 9) === 4 ? 200 : 0)),
    labels: Int32Array.from([1]),
    classNames: ['a', 'b'],
    shape: [1, 9, 9, 1],
    meta: { source: 'generator' },
  };

  it('keeps each image first, then its turned copies, with its label', () => {
    const out = rotations(ds, 3, 5);
    expect(out.shape).toEqual([8, 3, 3, 1]);
    expect(Array.from(out.images.subarray(0, 9))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(out.labels)).toEqual([2, 2, 2, 2, 0, 0, 0, 0]);
    // A flat image stays flat whatever the angle, and the centre stays where it is.
    expect(Array.from(out.images.subarray(36))).toEqual(new Array(36).fill(7));
    for (let j = 1; j < 4; j++) expect(out.images[j * 9 + 4]).toBe(5);
  });

  it('turns the content by angles other than right angles, the same for the same seed', () => {
    const out = rotations(bar, 6, 3);
    expect(Array.from(out.images)).toEqual(Array.from(rotations(bar, 6, 3).images));
    expect(Array.from(out.images)).not.toEqual(Array.from(rotations(bar, 6, 4).images));
    const views = Array.from({ length: 6 }, (_, j) =>
      Array.from(out.images.subarray((j + 1) * 81, (j + 2) * 81)),
    );
    // The centre keeps its ink and the ink stays as much as it was, give or take the resampling at the ends.
    for (const v of views) {
      expect(v[40]).toBe(200);
      const ink = v.reduce((a, b) => a + b, 0);
      expect(ink).toBeGreaterThan(200 * 9 * 0.7);
      expect(ink).toBeLessThan(200 * 9 * 1.6);
    }
    // A bar turned by other than a right angle lights pixels off both the row and the column through the centre.
    const offAxis = views.filter((v) => v.some((p, i) => p > 100 && i % 9 !== 4 && Math.floor(i / 9) !== 4));
    expect(offAxis.length).toBeGreaterThan(3);
  });

  it('refuses images that are not square and copies that are not a count', () => {
    expect(() => rotations({ ...ds, shape: [1, 3, 2, 1] }, 2)).toThrow(/square/);
    expect(() => rotations(ds, 1.5)).toThrow(/copies/);
    expect(rotations(ds, 0).images).toEqual(ds.images);
  });
});
