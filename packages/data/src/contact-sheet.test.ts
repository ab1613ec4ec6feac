import { describe, expect, it } from 'vitest';
import { contactSheet } from './contact-sheet.js';

describe('contactSheet', () => {
  it('lays out one row per class and a column group per style, with ink in every tile', () => {
    const sheet = contactSheet({ shapes: ['circle', 'star'], perCell: 2 });
    expect(sheet.data.length).toBe(sheet.width * sheet.height * 3);
    expect(sheet.height).toBeGreaterThan(2 * 64);
    expect(sheet.width).toBeGreaterThan(3 * 2 * 64);
    // The label column has dark text pixels.
    let ink = 0;
    for (let y = 28; y < 28 + 64; y++)
      for (let x = 0; x < 60; x++) if ((sheet.data[(y * sheet.width + x) * 3] as number) < 100) ink++;
    expect(ink).toBeGreaterThan(20);
  });

  it('shows the seed preset as one group', () => {
    const seed = contactSheet({ shapes: ['circle'], preset: 'seed', perCell: 2, minTile: 64 });
    const dflt = contactSheet({ shapes: ['circle'], perCell: 2, minTile: 64 });
    expect(seed.width).toBeLessThan(dflt.width * 2);
  });
});
