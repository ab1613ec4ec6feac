import { createBenchCnn, createDefaultCnn } from '@shapes/models';
import { describeBackend, selectBackend } from '@shapes/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { Command } from 'commander';
import { parseNumber } from './options.js';

interface ProfileOptions {
  arch: string;
  backend: string;
  threads?: number;
  batch: number;
  infer?: boolean;
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

/** The networks `--arch` picks, as `shapes bench train` times them (classes: 5 for bench-cnn, 3 for default). */
const NETS = {
  'bench-cnn': () => ({ model: createBenchCnn({ seed: 1 }), classes: 5 }),
  default: () => ({ model: createDefaultCnn({ classes: 3, seed: 1 }), classes: 3 }),
} as const;

/** Median of `steps` timed runs of `f`, in ms. */
async function medianMs(f: () => Promise<unknown>, steps: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < steps; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(steps / 2)] as number;
}

/** Where a training step (or with `--infer`, a prediction) of `--arch` spends its time, per kernel, on one backend. */
async function run(o: ProfileOptions): Promise<void> {
  if (!(o.arch in NETS))
    throw new Error(`--arch must be one of ${Object.keys(NETS).join(', ')}, got ${o.arch}`);
  const report = await selectBackend({ backend: o.backend, threads: o.threads });
  console.log(describeBackend(report));
  const { model, classes } = NETS[o.arch as keyof typeof NETS]();
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  const x = tf.randomUniform([o.batch, 64, 64, 1]);
  const y = tf.tensor1d(
    Array.from({ length: o.batch }, (_, i) => i % classes),
    'float32',
  );
  const step = o.infer
    ? async () => {
        const p = model.predict(x) as tf.Tensor;
        await p.data();
        p.dispose();
      }
    : () => model.trainOnBatch(x, y);
  for (let i = 0; i < 3; i++) await step();
  console.log(
    `one ${o.infer ? 'prediction' : 'step'}: ${(await medianMs(step, 7)).toFixed(1)} ms (median of 7)`,
  );
  const profile = await tf.profile(step);
  const totals = kernelTotals(profile.kernels, Number.POSITIVE_INFINITY);
  const ms = totals.reduce((sum, k) => sum + k.ms, 0);
  console.log(`kernels: ${profile.kernels.length} calls, ${ms.toFixed(1)} ms in all`);
  for (const k of totals.slice(0, 15)) console.log(kernelRow(k));
}

export const profileStep = new Command('profile-step')
  .description(
    'Where a training step (or a prediction) of a bench net spends its time, per kernel (tf.profile)',
  )
  .option('--arch <name>', 'bench-cnn or default', 'bench-cnn')
  .option('--backend <name>', 'tfjs backend', 'wasm')
  .option('--threads <n>', 'wasm threads (default: one per core)', parseNumber)
  .option('--batch <n>', 'samples per step', parseNumber, 32)
  .option('--infer', 'profile a prediction of the batch instead of a training step')
  .action((o: ProfileOptions) => run(o));
