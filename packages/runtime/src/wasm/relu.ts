import {
  engine,
  type GradConfig,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  Relu,
  type Tensor,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { overrideGradient } from './gradient-override.js';
import { type KernelArgs, wasmKernel } from './kernel-call.js';
import { runShared, threadsFor } from './simd/kernel-threads.js';
import { backendMemory, jobFields, simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';

/** The kernel our relu gradient runs on wasm: `dy * step(x)` in one pass. */
export const RELU_GRAD = 'ShapesReluGrad';

// Runs an elementwise kernel of ours over `size` float32 values (a multiple of 4) on every thread.
function elementwise(
  backend: WasmHeapBackend,
  name: 'relu' | 'reluGrad',
  inputs: TensorInfo[],
  shape: number[],
): TensorInfo {
  const simd = simdKernels(backend) as NonNullable<ReturnType<typeof simdKernels>>;
  const out = backend.makeOutput(shape, 'float32');
  const size = util.sizeFromShape(shape);
  // Addresses after the allocation: it may grow (and so replace) the heap.
  const fields = jobFields(
    backend,
    [...inputs, out].map((t) => backend.typedArrayFromHeap(t).byteOffset),
  );
  const memory = backendMemory(backend);
  const vectors = size / 4;
  runShared(simd, memory, name, fields, vectors, threadsFor(memory, size));
  return out;
}

const fits = (backend: unknown, t: TensorInfo) =>
  t.dtype === 'float32' && util.sizeFromShape(t.shape) % 4 === 0 && simdKernels(backend as WasmHeapBackend);

/**
 * `Relu` for the wasm backend: float32 data in fours runs our SIMD kernel on every thread (the stock kernel is a
 * scalar loop on one, 1.3 ms for bench-cnn's first layer); the rest goes to the stock kernel.
 */
export function reluKernel(stock: KernelFunc): KernelConfig {
  return wasmKernel(Relu, (args: KernelArgs<{ x: TensorInfo }>) => {
    const { x } = args.inputs;
    if (!fits(args.backend, x)) return stock(args as unknown as Parameters<KernelFunc>[0]);
    return elementwise(args.backend as WasmHeapBackend, 'relu', [x], x.shape);
  });
}

/** {@link RELU_GRAD} for the wasm backend: dx = dy * step(x), float32 data in fours. */
export const reluGradConfig: KernelConfig = wasmKernel(
  RELU_GRAD,
  ({ inputs: { dy, x }, backend }: KernelArgs<{ dy: TensorInfo; x: TensorInfo }>) =>
    elementwise(backend as WasmHeapBackend, 'reluGrad', [dy, x], x.shape),
);

/**
 * The gradient of `Relu`, as tfjs's own (`dy * cast(step(x))`), but one kernel of ours where the backend is wasm
 * and the data fits it: tfjs's makes three passes over the activation (step, cast, multiply). Replaces the
 * gradient registered for `Relu`, which it falls back to elsewhere.
 */
export function reluGradient(): GradConfig {
  return overrideGradient(Relu, (g, x) =>
    getKernel(RELU_GRAD, 'wasm') && g.dtype === 'float32' && fits(engine().backend, x)
      ? () => engine().runKernel(RELU_GRAD, { dy: g, x }) as Tensor
      : undefined,
  );
}
