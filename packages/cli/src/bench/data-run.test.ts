import { describe, expect, it } from 'vitest';
import { type DataBenchResult, dataBenchText } from './data-run.js';

const result: DataBenchResult = {
  preset: 'seed',
  size: '256x256x3',
  images: 3000,
  workers: 2,
  imagesPerSec: 10588,
  freshMemoryImagesPerSec: 5541,
  peer: {
    name: "OpenCV 4.6.0 (original demo's generator)",
    imagesPerSec: 1159,
    mode: 'original',
    runs: 3,
    python: '/usr/bin/python3',
    ratio: 9.14,
    comparedAs: '...',
  },
};

describe('dataBenchText', () => {
  it('says what was drawn, then ours beside the peer', () => {
    const text = dataBenchText(result);
    expect(text.split('\n')[0]).toBe('seed preset (256x256x3), 3000 images, 2 workers, best of 3');
    expect(text).toMatch(/images\/s\s+10,588\s+1,159\s+9\.14x/);
    expect(text).toMatch(/images\/s, fresh memory\s+5,541$/m);
  });

  it('says why the peer is missing', () => {
    const text = dataBenchText({ ...result, workers: 1, peer: { unavailable: 'not run (--no-peer)' } });
    expect(text).toContain('1 worker,');
    expect(text.endsWith('\npeer: not run (--no-peer)')).toBe(true);
  });
});
