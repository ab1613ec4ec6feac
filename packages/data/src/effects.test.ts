import { describe, expect, it } from 'vitest';
import { addNoise, boxBlur3, fillBackground } from './effects.js';
import { Rng } from './prng.js';

const surface = (data: Uint8Array | Float32Array, w: number, h: number, c: number) => ({
  data,
  width: w,
  height: h,
  channels: c,
  offset: 0,
});

describe('effects', () => {
  it('fills RGB backgrounds exactly', () => {
    const s = surface(new Uint8Array(5 * 3 * 3), 5, 3, 3);
    fillBackground(s, [1, 2, 3]);
    for (let i = 0; i < 15; i++) expect(Array.from(s.data.subarray(3 * i, 3 * i + 3))).toEqual([1, 2, 3]);
  });

  it('blurs a point into a 3x3 block and keeps flat areas flat', () => {
    const data = new Uint8Array(25).fill(0);
    data[12] = 90;
    boxBlur3(surface(data, 5, 5, 1), new Float32Array(25));
    expect(data[12]).toBe(10);
    expect(data[6]).toBe(10);
    expect(data[0]).toBe(0);
    const flat = new Float32Array(16).fill(0.5);
    boxBlur3(surface(flat, 4, 4, 1), new Float32Array(16));
    for (const v of flat) expect(v).toBeCloseTo(0.5, 6);
  });

  it('blurs bytes exactly as a 3x3 mean with clamped edges, in gray and RGB, whole or within a box', () => {
    const reference = (src: Uint8Array, w: number, h: number, c: number) =>
      src.map((_, i) => {
        const ch = i % c;
        const x = Math.floor(i / c) % w;
        const y = Math.floor(i / c / w);
        let total = 0;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const yy = Math.min(h - 1, Math.max(0, y + dy));
            const xx = Math.min(w - 1, Math.max(0, x + dx));
            total += src[(yy * w + xx) * c + ch] as number;
          }
        }
        return Math.floor(total / 9 + 0.5);
      });
    const rng = new Rng(3);
    for (const [w, h, c] of [
      [7, 5, 1],
      [6, 4, 3],
      [1, 3, 1],
      [3, 1, 1],
    ] as const) {
      const src = Uint8Array.from({ length: w * h * c }, () => rng.int(0, 256));
      const data = src.slice();
      boxBlur3(surface(data, w, h, c), new Float32Array(Math.max(3, h) * w * c));
      expect(Array.from(data)).toEqual(Array.from(reference(src, w, h, c)));
    }
    // Outside the box and a pixel around it the image is flat, so blurring only there changes nothing else.
    const flat = new Uint8Array(12 * 10).fill(77);
    for (let y = 4; y < 7; y++) for (let x = 3; x < 8; x++) flat[y * 12 + x] = rng.int(0, 256);
    const whole = flat.slice();
    boxBlur3(surface(whole, 12, 10, 1), new Float32Array(120));
    boxBlur3(surface(flat, 12, 10, 1), new Float32Array(120), [3, 4, 8, 7]);
    expect(Array.from(flat)).toEqual(Array.from(whole));
  });

  it('adds zero-mean noise of the asked spread, clamped', () => {
    const data = new Uint8Array(64 * 64).fill(128);
    addNoise(surface(data, 64, 64, 1), 10, new Rng(1));
    const mean = data.reduce((a, b) => a + b, 0) / data.length;
    const sd = Math.sqrt(data.reduce((a, b) => a + (b - mean) ** 2, 0) / data.length);
    expect(Math.abs(mean - 128)).toBeLessThan(1);
    expect(Math.abs(sd - 10)).toBeLessThan(1);
    const dark = new Uint8Array(100).fill(0);
    addNoise(surface(dark, 10, 10, 1), 50, new Rng(2));
    expect(Math.min(...dark)).toBe(0);
  });

  it('adds the same noise four pixels at a time as one at a time, clamping at both ends', () => {
    // A ramp through both clamps: at byte offset 0 the words path runs, at offset 1 the byte path.
    const ramp = Uint8Array.from({ length: 64 * 64 }, (_, i) => (i * 37) & 255);
    const aligned = new Uint8Array(ramp.length);
    aligned.set(ramp);
    const shifted = new Uint8Array(ramp.length + 1);
    shifted.set(ramp, 1);
    addNoise(surface(aligned, 64, 64, 1), 40, new Rng(3));
    addNoise({ ...surface(shifted, 64, 64, 1), offset: 1 }, 40, new Rng(3));
    expect(Array.from(shifted.subarray(1))).toEqual(Array.from(aligned));
    // Each pixel moved by its rounded noise, clamped: some reached 0 and 255 from inside the range.
    const moved = Array.from(aligned, (v, i) => v - (ramp[i] as number));
    expect(moved.some((d) => d !== 0)).toBe(true);
    expect(aligned.some((v, i) => v === 0 && (ramp[i] as number) > 0)).toBe(true);
    expect(aligned.some((v, i) => v === 255 && (ramp[i] as number) < 255)).toBe(true);
  });
});
