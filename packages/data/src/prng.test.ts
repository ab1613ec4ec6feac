import { describe, expect, it } from 'vitest';
import { hashString, mixSeed, Rng } from './prng.js';

describe('Rng (sfc32)', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const sa = Array.from({ length: 8 }, () => a.uint32());
    expect(Array.from({ length: 8 }, () => b.uint32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.uint32())).not.toEqual(sa);
  });

  it('pins its first outputs, so a change of generator cannot pass unnoticed', () => {
    const r = new Rng(0);
    expect([r.uint32(), r.uint32(), r.uint32()]).toMatchInlineSnapshot(`
      [
        4205396811,
        3543653536,
        1222415357,
      ]
    `);
  });

  it('draws uniform floats and integers in range', () => {
    const r = new Rng(7);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const f = r.float();
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
      counts[r.int(0, 10)]++;
    }
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('draws normals with mean 0 and variance 1', () => {
    const r = new Rng(9);
    let s = 0;
    let s2 = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      s += x;
      s2 += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.03);
  });
});

describe('seed mixing', () => {
  it('separates neighbouring parts and is order-sensitive', () => {
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(mixSeed(1, 2)).not.toBe(mixSeed(1, 3));
    expect(hashString('circle')).not.toBe(hashString('square'));
  });
});
