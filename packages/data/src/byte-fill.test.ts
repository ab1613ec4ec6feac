import { describe, expect, it } from 'vitest';
import { fillBytes, fillRgbBytes } from './byte-fill.js';

// Every alignment of the view and of the range, on both kinds of buffer, against a byte-by-byte reference.
describe('byte fills', () => {
  for (const Buffer of [ArrayBuffer, SharedArrayBuffer]) {
    it(`match a byte loop on ${Buffer.name}`, () => {
      for (const viewOffset of [0, 1, 2, 3]) {
        for (const start of [0, 1, 2, 5]) {
          for (const pixels of [0, 1, 4, 5, 21, 22, 23, 100, 257]) {
            const data = new Uint8Array(new Buffer(1200), viewOffset, 1100).fill(7);
            const want = new Uint8Array(1100).fill(7);
            const end = start + 3 * pixels;
            fillRgbBytes(data, 10, 20, 30, start, end);
            for (let i = start; i < end; i++) want[i] = [10, 20, 30][(i - start) % 3] as number;
            expect(Array.from(data)).toEqual(Array.from(want));
            fillBytes(data, 99, start, start + pixels);
            want.fill(99, start, start + pixels);
            expect(Array.from(data)).toEqual(Array.from(want));
          }
        }
      }
    });
  }
});
