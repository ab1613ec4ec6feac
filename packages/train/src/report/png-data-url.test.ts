import { decodeImage } from '@shapes/data/node';
import { describe, expect, it } from 'vitest';
import { pngDataUrl } from './png-data-url.js';

describe('pngDataUrl', () => {
  it('embeds the exact pixels as a base64 PNG', () => {
    const pixels = Uint8Array.from({ length: 4 * 3 * 3 }, (_, i) => (i * 29) & 255);
    const url = pngDataUrl({ pixels, width: 4, height: 3, channels: 3 });
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const decoded = decodeImage(
      Buffer.from(url.slice('data:image/png;base64,'.length), 'base64'),
      'inline.png',
    );
    expect([decoded.width, decoded.height, decoded.channels]).toEqual([4, 3, 3]);
    expect(Array.from(decoded.data)).toEqual(Array.from(pixels));
  });

  it('throws on pixels that do not match the size', () => {
    expect(() => pngDataUrl({ pixels: new Uint8Array(3), width: 2, height: 2, channels: 1 })).toThrow(
      RangeError,
    );
  });
});
