import { Add, type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernel } from './kernel-call.js';
import { runShared, threadsFor } from './simd/kernel-threads.js';
import { backendMemory, jobFields, simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';

/**
 * `Add` for the wasm backend: a bias of one value per channel added to float32 channels-last data (every
 * convolution and dense layer of a model in training, where tfjs does not fuse the bias) runs our SIMD kernel
 * on every thread. The stock kernel broadcasts it through XNNPACK one pixel's short row at a time, 3 ms for
 * bench-cnn's first layer (32x64x64x16). Every other addition goes to the stock kernel.
 */
export function addKernel(stock: KernelFunc): KernelConfig {
  const kernelFunc = (args: KernelArgs<{ a: TensorInfo; b: TensorInfo }>) => {
    const { inputs, backend } = args;
    const { a, b } = inputs;
    const c = a.shape.at(-1) as number;
    const bias =
      a.dtype === 'float32' &&
      b.dtype === 'float32' &&
      a.shape.length >= 2 &&
      b.shape.length === 1 &&
      b.shape[0] === c &&
      c % 4 === 0;
    const simd = bias ? simdKernels(backend) : undefined;
    if (!simd) return stock(args as unknown as Parameters<KernelFunc>[0]);
    const heap = backend as WasmHeapBackend;
    const out = heap.makeOutput(a.shape, 'float32');
    const size = util.sizeFromShape(a.shape);
    // Addresses after the allocation: it may grow (and so replace) the heap.
    const fields = jobFields(backend, [
      heap.typedArrayFromHeap(a).byteOffset,
      heap.typedArrayFromHeap(b).byteOffset,
      heap.typedArrayFromHeap(out).byteOffset,
      c,
    ]);
    const memory = backendMemory(backend);
    const pixels = size / c;
    runShared(simd, memory, 'biasAdd', fields, pixels, threadsFor(memory, size));
    return out;
  };
  return wasmKernel(Add, kernelFunc);
}
