import type { Dataset } from './types.js';

/**
 * A 64-bit content hash (hex) of a dataset's pixels, labels and shape, for checking that two machines or a
 * browser and Node made the same bytes. cyrb53-style mixing over the raw bytes: pure TypeScript, so it runs
 * the same everywhere, and fast enough for hundreds of megabytes.
 */
export function contentHash(dataset: Pick<Dataset, 'images' | 'labels' | 'shape'>): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const feed = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      h1 = Math.imul(h1 ^ b, 2654435761);
      h2 = Math.imul(h2 ^ b, 1597334677);
    }
  };
  const { images, labels } = dataset;
  feed(new Uint8Array(images.buffer, images.byteOffset, images.byteLength));
  feed(new Uint8Array(labels.buffer, labels.byteOffset, labels.byteLength));
  feed(new Uint8Array(Int32Array.from(dataset.shape).buffer));
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}
