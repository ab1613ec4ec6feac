import { describe, expect, it } from 'vitest';
import { type TrainBenchResult, trainBenchText } from './train-run.js';

const result: TrainBenchResult = {
  backend: 'wasm',
  simd: true,
  threads: 2,
  arch: 'bench-cnn',
  batch: 32,
  seconds: 3,
  trainSamplesPerSec: 300.3,
  inferSamplesPerSec: 1239.6,
  trainSteps: 29,
  inferSteps: 117,
  peer: {
    name: 'PyTorch 1.13.0a0',
    trainSamplesPerSec: 596.5,
    inferSamplesPerSec: 1173.5,
    threads: 2,
    python: '/usr/bin/python3',
    trainRatio: 0.5,
    inferRatio: 1.06,
  },
};

describe('trainBenchText', () => {
  it('names the net and the backend, then both rates beside the peer', () => {
    const text = trainBenchText(result);
    expect(text.split('\n')[0]).toBe(
      'bench-cnn (64x64x1), batch 32, 3 s per measurement, tfjs wasm, SIMD on, 2 threads',
    );
    expect(text).toContain('ours (wasm)  PyTorch 1.13.0a0 (2 threads)  ratio');
    expect(text).toMatch(/train samples\/s\s+300\s+597\s+0\.50x/);
    expect(text).toMatch(/infer samples\/s\s+1,240\s+1,174\s+1\.06x/);
  });

  it('says why the peer is missing', () => {
    const text = trainBenchText({ ...result, peer: { unavailable: 'python3 with torch not found' } });
    expect(text).not.toContain('ratio');
    expect(text.endsWith('\npeer: python3 with torch not found')).toBe(true);
  });
});
