import { describe, expect, it } from 'vitest';
import { cos, sin } from './det-math.js';

describe('deterministic sin and cos', () => {
  it('match Math.sin and Math.cos to about 1e-15 over many turns', () => {
    for (let i = -2000; i <= 2000; i++) {
      const x = i * 0.0137;
      expect(Math.abs(sin(x) - Math.sin(x))).toBeLessThan(2e-15);
      expect(Math.abs(cos(x) - Math.cos(x))).toBeLessThan(2e-15);
    }
  });

  it('are exact at the quadrant points', () => {
    expect(sin(0)).toBe(0);
    expect(cos(0)).toBe(1);
    expect(Math.abs(cos(Math.PI / 2))).toBeLessThan(1e-16);
    expect(sin(Math.PI / 2)).toBe(1);
  });
});
