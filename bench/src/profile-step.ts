import { createBenchCnn } from '@shapes/models';
import { describeBackend, selectBackend } from '@shapes/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { Command } from 'commander';
import { parseNumber } from './options.js';

interface ProfileOptions {
  backend: string;
  threads?: number;
  batch: number;
}

/** One kernel's share of a step: its total time and how often it ran. */
export interface KernelTotal {
  name: string;
  ms: number;
  calls: number;
}

/** Time and calls per kernel name, the slowest first, `top` of them (a kernel the timer failed on counts 0 ms). */
export function kernelTotals(
  kernels: readonly { name: string; kernelTimeMs: unknown }[],
  top = 15,
): KernelTotal[] {
  const byKernel = new Map<string, KernelTotal>();
  for (const k of kernels) {
    const e = byKernel.get(k.name) ?? { name: k.name, ms: 0, calls: 0 };
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    e.calls++;
    byKernel.set(k.name, e);
  }
  return [...byKernel.values()].sort((a, b) => b.ms - a.ms).slice(0, top);
}

/** `Conv2DBackpropFilter       41.3 ms  3 calls`: a row of the printed table. */
export function kernelRow(k: KernelTotal): string {
  return `${k.name.padEnd(24)} ${k.ms.toFixed(1).padStart(8)} ms  ${k.calls} calls`;
}

/** Where a training step of `bench-cnn` spends its time, per kernel (tf.profile), on one backend. */
async function run(o: ProfileOptions): Promise<void> {
  const report = await selectBackend({ backend: o.backend, threads: o.threads });
  console.log(describeBackend(report));
  const model = createBenchCnn();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  const x = tf.randomUniform([o.batch, 64, 64, 1]);
  const y = tf.tensor1d(
    Array.from({ length: o.batch }, (_, i) => i % 5),
    'float32',
  );
  for (let i = 0; i < 3; i++) await model.trainOnBatch(x, y);
  const t = performance.now();
  await model.trainOnBatch(x, y);
  console.log(`one step: ${(performance.now() - t).toFixed(1)} ms`);
  const profile = await tf.profile(async () => {
    await model.trainOnBatch(x, y);
  });
  for (const k of kernelTotals(profile.kernels)) console.log(kernelRow(k));
}

export const profileStep = new Command('profile-step')
  .description('Where a training step of bench-cnn spends its time, per kernel (tf.profile), on one backend')
  .option('--backend <name>', 'tfjs backend', 'wasm')
  .option('--threads <n>', 'wasm threads (default: one per core)', parseNumber)
  .option('--batch <n>', 'samples per step', parseNumber, 32)
  .action((o: ProfileOptions) => run(o));
