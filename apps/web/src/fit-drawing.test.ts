import { describe, expect, it } from 'vitest';
import { fitDrawing, grayOfRgba } from './fit-drawing.js';

function blank(w: number, h: number): Uint8Array {
  return new Uint8Array(w * h).fill(255);
}

function inkBox(gray: Uint8Array, w: number, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) gray[y * w + x] = 0;
}

describe('fitDrawing', () => {
  it('says a blank pad is empty and returns white', () => {
    const out = fitDrawing(blank(100, 80), 100, 80, 16);
    expect(out.empty).toBe(true);
    expect(out.pixels.every((v) => v === 255)).toBe(true);
  });

  it('frames a small scribble in a corner the same as a large one in the middle', () => {
    const small = blank(200, 200);
    inkBox(small, 200, 4, 4, 23, 23);
    const large = blank(200, 200);
    inkBox(large, 200, 40, 40, 159, 159);
    const a = fitDrawing(small, 200, 200, 32);
    const b = fitDrawing(large, 200, 200, 32);
    expect(a.empty).toBe(false);
    // A filled square filling 75% of the frame: 24 of 32 pixels dark in the middle row, white borders.
    const row = Array.from(b.pixels.subarray(16 * 32, 17 * 32));
    expect(row.filter((v) => v < 128).length).toBe(24);
    expect(row[0]).toBe(255);
    expect(row[31]).toBe(255);
    for (let i = 0; i < a.pixels.length; i++) {
      expect(Math.abs((a.pixels[i] as number) - (b.pixels[i] as number))).toBeLessThanOrEqual(1);
    }
  });

  it('keeps the aspect ratio of a wide drawing and centres it', () => {
    const g = blank(300, 100);
    inkBox(g, 300, 10, 40, 289, 59);
    const { pixels } = fitDrawing(g, 300, 100, 40);
    const column = (x: number) => Array.from({ length: 40 }, (_, y) => pixels[y * 40 + x] as number);
    const dark = column(20).filter((v) => v < 128).length;
    // 280x20 ink scaled so 280 -> 30 pixels: about 2 pixels tall, in the middle rows.
    expect(dark).toBeGreaterThanOrEqual(2);
    expect(dark).toBeLessThanOrEqual(3);
    expect(
      column(20)
        .slice(0, 15)
        .every((v) => v === 255),
    ).toBe(true);
  });

  it('refuses pixels that do not fit the size', () => {
    expect(() => fitDrawing(new Uint8Array(10), 4, 4, 8)).toThrow(/10 pixels for a 4x4 image/);
  });
});

describe('grayOfRgba', () => {
  it('weighs the channels like luma and counts transparent pixels as white', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 255]);
    expect(Array.from(grayOfRgba(rgba))).toEqual([76, 255, 0]);
  });
});
