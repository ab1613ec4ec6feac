import { describe, expect, it } from 'vitest';
import { share } from './unseen-hexagon.js';

describe('share', () => {
  it('counts where the test holds, to 3 decimals, with the index', () => {
    expect(share([1, 2, 3], (x) => x > 1)).toBe(0.667);
    expect(share(['a', 'b', 'c', 'd'], (_, i) => i === 0)).toBe(0.25);
    expect(share([0], () => false)).toBe(0);
  });
});
