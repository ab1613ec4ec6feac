import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REALDATA, PEERS_DIR } from './paths.js';
import { lastJsonLine, rateOf } from './peers.js';

describe('lastJsonLine', () => {
  it('reads the object on the last line, after library chatter', () => {
    expect(lastJsonLine('loading...\n{"imagesPerSec": 3000}\n\n')).toEqual({ imagesPerSec: 3000 });
  });

  it('is null for no output, text, or JSON that is not an object', () => {
    expect(lastJsonLine('')).toBeNull();
    expect(lastJsonLine('done')).toBeNull();
    expect(lastJsonLine('[1, 2]')).toBeNull();
    expect(lastJsonLine('null')).toBeNull();
  });
});

describe('rateOf', () => {
  it('gives finite numbers only', () => {
    const run = { python: 'python3', trainSamplesPerSec: 74.5, name: 'x' };
    expect(rateOf(run, 'trainSamplesPerSec')).toBe(74.5);
    expect(rateOf(run, 'name')).toBeUndefined();
    expect(rateOf(null, 'trainSamplesPerSec')).toBeUndefined();
  });
});

describe('paths', () => {
  it("find the CLI's peer scripts", () => {
    expect(existsSync(join(PEERS_DIR, 'torch_peer.py'))).toBe(true);
    expect(existsSync(join(PEERS_DIR, 'opencv_peer.py'))).toBe(true);
    expect(DEFAULT_REALDATA).toMatch(/shared[\\/]realdata$/);
  });
});
