import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// The gradients of tfjs's ops, which tfjs-core leaves out (tfjs-layers registers them for a model's training).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './register-training-kernels.js';

/** Starts both backends the gradient tests compare, with this package's kernels on wasm. */
export async function bothBackends(): Promise<void> {
  registerWasmTrainingKernels();
  await tf.setBackend('wasm');
  await tf.setBackend('cpu');
}

/** Seeded uniform values in [-1, 1) (a tiny LCG: tests need repeatable, not good, randomness). */
export function randomValues(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Runs `f` on `backend` and returns its results as plain arrays, leaving no tensor behind. */
export function on(backend: string, f: () => tf.Tensor[]): Float32Array[] {
  tf.setBackend(backend);
  return tf.tidy(() => f().map((t) => t.dataSync() as Float32Array));
}

/** Largest absolute difference relative to the largest magnitude of `want`. */
export function relativeError(got: Float32Array, want: Float32Array): number {
  if (got.length !== want.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < want.length; i++) {
    diff = Math.max(diff, Math.abs((got[i] as number) - (want[i] as number)));
    scale = Math.max(scale, Math.abs(want[i] as number));
  }
  return diff / scale;
}
