#!/usr/bin/env node
// Training and inference samples/s of `bench-cnn` on every tfjs backend available here, side by side with the
// same network in PyTorch (bench/peer_torch.py, Debian's python3-torch, 2 threads) when it is installed.
// Prints one JSON document on stdout. Run after a build: `pnpm bench:cnn` from the repository root.
// Options: --backends wasm,cpu (default: every one that loads), --seconds N per measurement (default 3),
// --batch N (default 32), --threads N (wasm threads; default one per core).
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, selectBackend } from '../dist/index.js';
import { benchCnn, randomBatch } from './bench-cnn.mjs';

const { values } = parseArgs({
  options: {
    backends: { type: 'string' },
    seconds: { type: 'string', default: '3' },
    batch: { type: 'string', default: '32' },
    threads: { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const batch = Number(values.batch);
const threads = values.threads ? Number(values.threads) : undefined;
const here = dirname(fileURLToPath(import.meta.url));

// Samples/s of `step` over at least `seconds` (and one step), after warm-up steps. Async so that each step's
// result is read back (what a training loop does to report its loss).
async function timed(step) {
  // A second warm-up step only where steps are quick: one cpu-backend step of bench-cnn takes about two minutes.
  const w = performance.now();
  await step();
  if ((performance.now() - w) / 1000 < seconds) await step();
  let n = 0;
  const t0 = performance.now();
  for (;;) {
    await step();
    n++;
    const elapsed = (performance.now() - t0) / 1000;
    if (elapsed >= seconds) return Math.round(((n * batch) / elapsed) * 10) / 10;
  }
}

async function measure(name) {
  const report = await selectBackend({ backend: name, threads });
  const model = benchCnn();
  const { x, y } = randomBatch(batch);
  process.stderr.write(`${describeBackend(report)}\n`);
  // Counted after the warm-up steps, once the optimizer has made its state.
  let before = -1;
  const train = await timed(async () => {
    await model.trainOnBatch(x, y);
    if (before < 0) before = tf.memory().numTensors;
  });
  const infer = await timed(async () => {
    const p = model.predict(x);
    await p.data();
    p.dispose();
  });
  const leaked = tf.memory().numTensors - before;
  if (leaked) process.stderr.write(`warning: ${leaked} tensors leaked on ${name}\n`);
  tf.dispose([x, y]);
  model.dispose();
  return {
    backend: report.backend,
    simd: report.simd,
    threads: report.threads,
    trainSamplesPerSec: train,
    inferSamplesPerSec: infer,
    tensorsLeaked: leaked,
  };
}

function peer() {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(
      python,
      [join(here, 'peer_torch.py'), '--threads', '2', '--batch', String(batch), '--seconds', String(seconds)],
      { encoding: 'utf8' },
    );
    if (r.status === 0) return { ...JSON.parse(r.stdout.trim().split('\n').at(-1)), python };
  }
  return { unavailable: 'python3 with torch not found: apt-get install python3-torch' };
}

const names = values.backends ? values.backends.split(',') : ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];
const results = [];
for (const name of names) {
  try {
    process.stderr.write(`${name}...\n`);
    results.push(await measure(name));
  } catch (error) {
    results.push({ backend: name, unavailable: error.message });
  }
}
process.stderr.write('peer (PyTorch)...\n');
const torch = peer();
const wasm = results.find((r) => r.backend === 'wasm' && r.trainSamplesPerSec);
const ratio = (a, b) => (a && b ? +(a / b).toFixed(2) : null);
const trainRatio = ratio(wasm?.trainSamplesPerSec, torch.trainSamplesPerSec);
const inferRatio = ratio(wasm?.inferSamplesPerSec, torch.inferSamplesPerSec);
console.log(
  JSON.stringify(
    {
      machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version },
      net: 'bench-cnn',
      batch,
      backends: results,
      peer: torch,
      wasmToPytorch: { train: trainRatio, infer: inferRatio },
      goal: 'wasm at least 0.3x PyTorch in training and 0.5x in inference',
      met: trainRatio !== null && inferRatio !== null && trainRatio >= 0.3 && inferRatio >= 0.5,
    },
    null,
    2,
  ),
);
