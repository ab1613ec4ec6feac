import { describe, expect, it } from 'vitest';
import { type Measurements, renderResults } from './results.js';

const summary = (accuracy: number, flagged: number, expected: number, images: number) => ({
  accuracy,
  images,
  unknown: { flagged, expected, knownFlagged: 3 },
});

const measured: Measurements = {
  seeds: [7],
  demo: [
    {
      seconds: 51.2,
      base: { test: summary(0.997, 150, 300, 1800) },
      transfer: { test: summary(0.983, 80, 100, 700) },
      unseen: { label: 'pentagon', unknown: true },
      comparison: [{ method: 'scratch', shots: 20, accuracy: 0.6 }],
    },
  ],
  data: {
    workers: 2,
    size: '256x256x3',
    imagesPerSec: 16146,
    peer: { name: 'OpenCV 4.6.0', imagesPerSec: 6512 },
  },
  speed: [
    {
      arch: 'bench-cnn',
      backend: 'wasm',
      threads: 2,
      trainSamplesPerSec: 450,
      inferSamplesPerSec: 1960,
      peer: { trainSamplesPerSec: 1254, inferSamplesPerSec: 3117, trainRatio: 0.36, inferRatio: 0.63 },
    },
  ],
  base: {
    syntheticTest: { images: 1500, accuracy: 0.996 },
    real: { 'hand-drawn': { images: 600, accuracy: 0.975 } },
    openSet: {
      unknown: [{ method: 'softmax', auroc: 0.97, unknownFlagged: 0.5, knownAccuracyWithRule: 0.99 }],
      nearMisses: [{ method: 'softmax', auroc: 0.8 }],
    },
  },
  transfer: {
    shots: 20,
    summary: [{ method: 'transfer', shots: 20, accuracy: { mean: 0.98, std: 0.01 }, seconds: 2.5 }],
  },
  looks: [
    {
      looks: {
        seedPreset: { accuracy: 0.991, answeredUnknown: 0.005 },
        opencv: { unavailable: 'no python ran the original generator' },
        unknownShapes: { auroc: 0.9998, flaggedUnknown: 0.79 },
      },
      transfer: { heldOut: { accuracy: 0.998 }, realStars: { answeredStar: 1 } },
    },
    { looks: { seedPreset: { accuracy: 0.78, answeredUnknown: 0.015 } } },
  ],
};

describe('renderResults', () => {
  const text = renderResults(measured, {
    date: '2026-12-05',
    machine: 'a test CPU (2 cores)',
    command: 'pnpm bench results',
  });

  it('stamps the machine, the date and the command that wrote it', () => {
    expect(text).toContain('Measured on a test CPU (2 cores), 2026-12-05, by `pnpm bench results`');
  });

  it('has the sections the READMEs link to, each naming its command', () => {
    for (const heading of [
      '## shapes demo',
      '## Data generation',
      '## Training and inference speed',
      '## Open set',
      '## Transfer learning curve',
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('`shapes demo --seed S --json`');
    expect(text).toContain('`shapes bench train --arch A --json`');
  });

  it('puts each figure in its row', () => {
    expect(text).toContain(
      '| 7 | 99.7% | 150 of 300 | 3 of 1500 | 98.3% | 80 of 100 | 3 of 600 | `unknown` | 60.0% | 51.2 |',
    );
    expect(text).toContain('| bench-cnn | wasm, 2 threads | 450 | 1,254 | 0.36 | 1,960 | 3,117 | 0.63 |');
    expect(text).toContain('| real: hand-drawn | 600 | 97.5% |');
    expect(text).toContain('| transfer | 20 | 98.0% ± 1.0% | 2.5 |');
  });

  it('puts the pretrained base and the demo base side by side on every look, saying what is unavailable', () => {
    expect(text).toContain(
      "| seed preset (the original demo's look) | 99.1% (0.5% unknown) | 78.0% (1.5% unknown) |",
    );
    expect(text).toContain(
      "| the original demo's OpenCV images | no python ran the original generator | - |",
    );
    expect(text).toContain('| unknown shapes (star, pentagon, hexagon): AUROC | 0.9998 | - |');
    expect(text).toContain('`pnpm bench looks --base pretrained`');
  });
});
