import { describe, expect, it } from 'vitest';
import { type InferBenchResult, inferBenchText } from './infer-run.js';

const result: InferBenchResult = {
  backend: 'cpu',
  simd: null,
  threads: null,
  arch: 'default',
  input: '64x64x1',
  batch: 64,
  seconds: 3,
  inferSamplesPerSec: 812.4,
  inferSteps: 40,
  peer: { name: 'PyTorch 1.13.0a0', inferSamplesPerSec: 2031, threads: 2, python: 'python3', ratio: 0.4 },
};

describe('inferBenchText', () => {
  it('names an --arch network by its label, and a saved model by its folder', () => {
    expect(inferBenchText(result).split('\n')[0]).toBe('default CNN (64x64x1), batch 64, 3 s, tfjs cpu');
    expect(inferBenchText({ ...result, model: 'models/base', arch: 'default_cnn' }).split('\n')[0]).toBe(
      'models/base (default_cnn, 64x64x1), batch 64, 3 s, tfjs cpu',
    );
  });

  it('puts the rate beside the peer', () => {
    expect(inferBenchText(result)).toMatch(/infer samples\/s\s+812\s+2,031\s+0\.40x/);
  });
});
