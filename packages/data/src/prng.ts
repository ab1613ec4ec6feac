/**
 * Seeded pseudo-random numbers.
 *
 * We use sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): it passes PractRand and BigCrush, has
 * 128 bits of state with a counter that rules out short cycles, and uses only 32-bit adds, xors and shifts,
 * which JavaScript runs exactly and fast in every engine. `Math.random` is unseedable; mulberry32 has only 32
 * bits of state; xoshiro128** needs the same ops as sfc32 but fails more linear tests in its low bits.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Creates a generator from a 32-bit seed; any integer works, equal seeds give equal streams. */
  constructor(seed: number) {
    // splitmix32 spreads the seed over the whole state, so seeds 0, 1, 2... give unrelated streams.
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    // The authors advise discarding the first outputs while the state mixes.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** The next unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** A float in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.float();
  }

  /** An integer in [min, max), like NumPy's `randint(min, max)`. */
  int(min: number, max: number): number {
    return min + Math.floor((max - min) * this.float());
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** A standard normal sample (Irwin-Hall of 4 uniforms: no log or sqrt, so it is bit-identical everywhere). */
  normal(): number {
    return (this.float() + this.float() + this.float() + this.float() - 2) * 1.7320508075688772;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(items.length * this.float())] as T;
  }
}

/** Mixes integers into one 32-bit seed (murmur3's finaliser per step), for per-sample streams. */
export function mixSeed(...parts: number[]): number {
  let h = 0x6a09e667;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x9e3779b1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

/** FNV-1a hash of a string, so a class name can seed its own stream whatever its position. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}
