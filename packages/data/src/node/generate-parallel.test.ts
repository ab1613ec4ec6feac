import { describe, expect, it } from 'vitest';
import { createDataset } from '../dataset.js';
import { contentHash } from '../hash.js';
import { registerShape } from '../shapes.js';
import { createDatasetParallel } from './generate-parallel.js';

describe('createDatasetParallel', () => {
  it('gives the same bytes as createDataset, whatever the number of workers', async () => {
    const opts = { shapes: ['circle', 'square', 'triangle', 'star'], perClass: 60, seed: 9 };
    const single = contentHash(createDataset(opts));
    expect(contentHash(await createDatasetParallel(opts, { workers: 2 }))).toBe(single);
    expect(contentHash(await createDatasetParallel(opts, { workers: 3 }))).toBe(single);
  }, 60_000);

  it('sends polygon shapes registered here to the workers', async () => {
    registerShape({ name: 'kite', polygon: [0, -1, 0.5, -0.2, 0, 1, -0.5, -0.2] });
    const opts = { shapes: ['kite', 'circle'], perClass: 64, seed: 2, preset: 'seed' as const };
    expect(contentHash(await createDatasetParallel(opts, { workers: 2 }))).toBe(
      contentHash(createDataset(opts)),
    );
  }, 60_000);

  it('draws the outlier shapes, registered from functions at load, on the workers too', async () => {
    const opts = { shapes: ['irregular-polygon', 'spiral'], perClass: 64, seed: 3 };
    expect(contentHash(await createDatasetParallel(opts, { workers: 2 }))).toBe(
      contentHash(createDataset(opts)),
    );
  }, 60_000);

  it('renders into a reused buffer, whatever it held', async () => {
    const opts = { shapes: ['circle', 'triangle'], perClass: 64, seed: 4, preset: 'seed' as const };
    const into = new SharedArrayBuffer(128 * 256 * 256 * 3);
    new Uint8Array(into).fill(77);
    const ds = await createDatasetParallel(opts, { workers: 2, into });
    expect(ds.images.buffer).toBe(into);
    expect(contentHash(ds)).toBe(contentHash(createDataset(opts)));
    await expect(createDatasetParallel(opts, { into: new SharedArrayBuffer(10) })).rejects.toThrow(/into/);
  }, 60_000);

  it('keeps overlapping calls apart on the shared workers', async () => {
    const a = { shapes: ['circle', 'square'], perClass: 80, seed: 5 };
    const b = { shapes: ['hexagon', 'star', 'diamond'], perClass: 70, seed: 6, preset: 'seed' as const };
    const [da, db] = await Promise.all([
      createDatasetParallel(a, { workers: 2 }),
      createDatasetParallel(b, { workers: 2 }),
    ]);
    expect(contentHash(da)).toBe(contentHash(createDataset(a)));
    expect(contentHash(db)).toBe(contentHash(createDataset(b)));
  }, 60_000);

  it('rejects a bad worker count', async () => {
    await expect(createDatasetParallel({ shapes: ['circle'], perClass: 1 }, { workers: 0 })).rejects.toThrow(
      /workers/,
    );
  });
});
