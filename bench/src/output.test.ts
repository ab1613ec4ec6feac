import { describe, expect, it } from 'vitest';
import { fixed, machine, ratioOf } from './output.js';

describe('fixed', () => {
  it('rounds to the digits asked and gives a number', () => {
    expect(fixed(0.123456, 4)).toBe(0.1235);
    expect(fixed(12.25, 1)).toBe(12.3);
    expect(fixed(3, 2)).toBe(3);
  });
});

describe('ratioOf', () => {
  it('divides to two decimals, or is null without both sides', () => {
    expect(ratioOf(300, 100)).toBe(3);
    expect(ratioOf(1, 3)).toBe(0.33);
    expect(ratioOf(undefined, 3)).toBeNull();
    expect(ratioOf(3, 0)).toBeNull();
  });
});

describe('machine', () => {
  it('names the cores and node', () => {
    const m = machine();
    expect(m.cores).toBeGreaterThanOrEqual(1);
    expect(m.node).toBe(process.version);
  });
});
