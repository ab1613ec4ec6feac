// Runs in Chromium (see run.mjs): the wasm training kernels against the cpu backend, inside a real browser.
import * as tf from '@tensorflow/tfjs-core';
import { describeBackend, selectBackend } from '../src/index.js';
import { kernelThreads } from '../src/wasm/simd/kernel-threads.js';
import { backendMemory, simdKernels } from '../src/wasm/simd/simd-kernels.js';
import { randomValues, relativeError } from '../src/wasm/test-util.js';

type Check = { name: string; error: number };

async function grads(backend: string, f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => f().map((t) => t.dataSync() as Float32Array));
}

async function main() {
  // Two threads: tfjs alone would start one on this two-core machine (see backend-loaders.ts).
  const report = await selectBackend({ backend: 'wasm', wasmPaths: '/wasm/', threads: 2 });
  const checks: Check[] = [];
  const cases: [number[], number, number, 1 | 2, 'same' | 'valid'][] = [
    [[2, 16, 16, 1], 16, 3, 1, 'same'],
    [[2, 9, 11, 3], 5, 3, 2, 'valid'],
    [[3, 8, 8, 16], 32, 3, 1, 'same'],
    [[2, 10, 10, 4], 8, 5, 2, 'same'],
    // Winograd forward and input gradient, our filter gradient, shared between the threads.
    [[8, 32, 32, 16], 32, 3, 1, 'same'],
    [[4, 13, 11, 8], 16, 3, 1, 'valid'],
  ];
  for (const [shape, outC, k, stride, pad] of cases) {
    const xv = randomValues(
      shape.reduce((a, b) => a * b),
      1,
    );
    const wShape = [k, k, shape[3] as number, outC];
    const wv = randomValues(
      wShape.reduce((a, b) => a * b),
      2,
    );
    const f = () => {
      const x = tf.tensor4d(xv, shape as [number, number, number, number]);
      const w = tf.tensor4d(wv, wShape as [number, number, number, number]);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.maxPool(tf.relu(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad)), 2, 2, 'same')),
      );
      return g([x, w]);
    };
    const cpu = await grads('cpu', f);
    const wasm = await grads('wasm', f);
    const name = `${shape.join('x')} -> ${outC}, ${k}x${k}, stride ${stride}, ${pad}`;
    checks.push({
      name: `${name}: dx`,
      error: relativeError(wasm[0] as Float32Array, cpu[0] as Float32Array),
    });
    checks.push({
      name: `${name}: dw`,
      error: relativeError(wasm[1] as Float32Array, cpu[1] as Float32Array),
    });
  }
  await tf.setBackend('wasm');
  return {
    backend: describeBackend(report),
    threads: report.threads,
    simdKernels: simdKernels(tf.backend()) !== undefined,
    kernelThreads: kernelThreads(backendMemory(tf.backend())),
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    checks,
  };
}

main().then(
  (result) => {
    (globalThis as { __result?: unknown }).__result = result;
  },
  (error: unknown) => {
    (globalThis as { __result?: unknown }).__result = { error: String((error as Error)?.stack ?? error) };
  },
);
