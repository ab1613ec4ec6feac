import { describe, expect, it } from 'vitest';
import { resizeImage, toChannels } from './resize.js';

describe('toChannels', () => {
  it('turns RGB into BT.601 luma', () => {
    const rgb = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 10, 20, 30]);
    expect(Array.from(toChannels(rgb, 5, 1, 3, 1))).toEqual([
      76,
      150,
      29,
      255,
      Math.round(2.99 + 11.74 + 3.42),
    ]);
  });

  it('composites RGBA over white before taking luma', () => {
    const rgba = new Uint8Array([
      0,
      0,
      0,
      255, // opaque black ink stays black
      0,
      0,
      0,
      0, // fully transparent page becomes white
      0,
      0,
      0,
      128, // half-transparent black is mid gray
      255,
      0,
      0,
      255, // opaque red keeps its luma
    ]);
    expect(Array.from(toChannels(rgba, 2, 2, 4, 1))).toEqual([0, 255, 127, 76]);
    expect(Array.from(toChannels(rgba, 2, 2, 4, 3))).toEqual([
      0, 0, 0, 255, 255, 255, 127, 127, 127, 255, 0, 0,
    ]);
  });

  it('spreads gray over three channels and copies same-layout input', () => {
    const gray = new Uint8Array([0, 100, 255]);
    expect(Array.from(toChannels(gray, 3, 1, 1, 3))).toEqual([0, 0, 0, 100, 100, 100, 255, 255, 255]);
    const copy = toChannels(gray, 3, 1, 1, 1);
    expect(copy).not.toBe(gray);
    expect(Array.from(copy)).toEqual([0, 100, 255]);
  });

  it('rejects a pixel count that does not match', () => {
    expect(() => toChannels(new Uint8Array(4), 2, 1, 3, 1)).toThrow(/2x1x3 = 6 bytes, got 4/);
  });
});

describe('resizeImage', () => {
  it('area-averages when shrinking by an integer factor', () => {
    // 4x4 checkerboard of 2x2 blocks: each output pixel is exactly one block.
    const src = new Uint8Array([0, 0, 200, 200, 0, 0, 200, 200, 100, 100, 50, 50, 100, 100, 50, 50]);
    expect(Array.from(resizeImage(src, 4, 4, 1, 2, 2))).toEqual([0, 200, 100, 50]);
    // 1x1 is the mean of everything.
    expect(Array.from(resizeImage(src, 4, 4, 1, 1, 1))).toEqual([88]);
  });

  it('weights partially covered pixels when shrinking by a fractional factor', () => {
    // 3 -> 2: output 0 covers source [0, 1.5), output 1 covers [1.5, 3).
    const src = new Uint8Array([0, 90, 180]);
    expect(Array.from(resizeImage(src, 3, 1, 1, 2, 1))).toEqual([30, 150]);
  });

  it('keeps a one-pixel line visible instead of dropping it', () => {
    const src = new Uint8Array(8 * 8).fill(255);
    for (let x = 0; x < 8; x++) src[3 * 8 + x] = 0; // a dark row
    const out = resizeImage(src, 8, 8, 1, 4, 4);
    expect(Array.from(out.subarray(4, 8))).toEqual([128, 128, 128, 128]);
    expect(Array.from(out.subarray(0, 4))).toEqual([255, 255, 255, 255]);
  });

  it('interpolates bilinearly when growing, clamping at the edges', () => {
    const src = new Uint8Array([0, 100]);
    // 2 -> 4: centres at -0.25, 0.25, 0.75, 1.25 in source pixels.
    expect(Array.from(resizeImage(src, 2, 1, 1, 4, 1))).toEqual([0, 25, 75, 100]);
    expect(Array.from(resizeImage(new Uint8Array([42]), 1, 1, 1, 3, 2))).toEqual([42, 42, 42, 42, 42, 42]);
  });

  it('resizes each channel on its own and mixes directions per axis', () => {
    // 2 wide x 1 high RGB -> 1 wide x 2 high: shrink x, grow y.
    const src = new Uint8Array([255, 0, 10, 0, 255, 30]);
    expect(Array.from(resizeImage(src, 2, 1, 3, 1, 2))).toEqual([128, 128, 20, 128, 128, 20]);
  });

  it('keeps flat images flat and returns a copy at the same size', () => {
    const flat = new Uint8Array(70 * 70).fill(255);
    expect(resizeImage(flat, 70, 70, 1, 64, 64).every((v) => v === 255)).toBe(true);
    expect(resizeImage(flat, 70, 70, 1, 96, 96).every((v) => v === 255)).toBe(true);
    const same = resizeImage(flat, 70, 70, 1, 70, 70);
    expect(same).not.toBe(flat);
    expect(same).toEqual(flat);
  });

  it('preserves the mean brightness when shrinking', () => {
    const w = 37;
    const h = 23;
    const src = new Uint8Array(w * h);
    for (let i = 0; i < src.length; i++) src[i] = (i * 97) % 256;
    const out = resizeImage(src, w, h, 1, 10, 10);
    const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean(out) - mean(src))).toBeLessThan(2);
  });

  it('rejects bad sizes', () => {
    expect(() => resizeImage(new Uint8Array(4), 2, 2, 1, 0, 2)).toThrow(
      /outWidth must be a positive integer/,
    );
    expect(() => resizeImage(new Uint8Array(3), 2, 2, 1, 1, 1)).toThrow(/got 3/);
  });
});
