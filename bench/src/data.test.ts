import { describe, expect, it } from 'vitest';
import { bestPeerRun, datasetBytes } from './data.js';

describe('datasetBytes', () => {
  it('holds three classes of each preset', () => {
    expect(datasetBytes('seed', 10)).toBe(10 * 3 * 256 * 256 * 3);
    expect(datasetBytes('default', 10)).toBe(10 * 3 * 64 * 64);
  });
});

describe('bestPeerRun', () => {
  it('keeps the fastest run, rounded, with the run count', () => {
    const runs = [3500.4, 3740.5, 3600].map((imagesPerSec) => ({
      peer: 'opencv',
      imagesPerSec,
      python: '/usr/bin/python3',
    }));
    expect(bestPeerRun(runs)).toEqual({
      peer: 'opencv',
      imagesPerSec: 3741,
      runs: 3,
      python: '/usr/bin/python3',
    });
    expect(Object.keys(bestPeerRun(runs))).toEqual(['peer', 'imagesPerSec', 'runs', 'python']);
  });

  it('says how to install the peer when no run worked', () => {
    expect(bestPeerRun([])).toEqual({ unavailable: expect.stringMatching(/apt-get install python3-opencv/) });
  });
});
