#!/usr/bin/env node
// Where a training step of `bench-cnn` spends its time, per kernel (tf.profile), on one backend.
// Usage (after a build): node bench/profile-step.mjs [--backend wasm] [--threads N] [--batch 32]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, selectBackend } from '../dist/index.js';
import { benchCnn, randomBatch } from './bench-cnn.mjs';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    threads: { type: 'string' },
    batch: { type: 'string', default: '32' },
  },
});
const report = await selectBackend({
  backend: values.backend,
  threads: values.threads ? Number(values.threads) : undefined,
});
console.log(describeBackend(report));
const model = benchCnn();
const { x, y } = randomBatch(Number(values.batch));
for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
const t = performance.now();
await model.trainOnBatch(x, y);
console.log(`one step: ${(performance.now() - t).toFixed(1)} ms`);
const profile = await tf.profile(async () => {
  await model.trainOnBatch(x, y);
});
const byKernel = new Map();
for (const k of profile.kernels) {
  const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  e.ms += k.kernelTimeMs;
  e.calls++;
  byKernel.set(k.name, e);
}
for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(`${name.padEnd(24)} ${e.ms.toFixed(1).padStart(8)} ms  ${e.calls} calls`);
}
