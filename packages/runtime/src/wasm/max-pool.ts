import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  MaxPool,
  type MaxPoolAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernel } from './kernel-call.js';
import { runShared, threadsFor } from './simd/kernel-threads.js';
import { backendMemory, jobFields, simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';

/**
 * `MaxPool` for the wasm backend: 2x2 windows of stride 2 that tile float32 images with channels in fours (every
 * pool of bench-cnn and the default CNN) run our SIMD kernel on every thread. XNNPACK's is as fast, but its pool
 * threads then spin for about a millisecond on the cores our next kernel's helper threads need. Every other
 * pool goes to the stock kernel.
 */
export function maxPoolKernel(stock: KernelFunc): KernelConfig {
  const kernelFunc = (args: KernelArgs<{ x: TensorInfo }, MaxPoolAttrs>) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    const toStock = () => stock(args as unknown as Parameters<KernelFunc>[0]);
    if (x.dtype !== 'float32' || x.shape.length !== 4 || (x.shape[3] as number) % 4 !== 0) return toStock();
    const info = backend_util.computePool2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterSize,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
    const tiles =
      info.filterHeight === 2 &&
      info.filterWidth === 2 &&
      info.strideHeight === 2 &&
      info.strideWidth === 2 &&
      info.padInfo.top === 0 &&
      info.padInfo.left === 0 &&
      2 * ho === h &&
      2 * wo === w;
    const simd = tiles ? simdKernels(backend) : undefined;
    if (!simd) return toStock();
    const heap = backend as WasmHeapBackend;
    const out = heap.makeOutput(info.outShape, 'float32');
    // Addresses after the allocation: it may grow (and so replace) the heap.
    const fields = jobFields(backend, [
      heap.typedArrayFromHeap(x).byteOffset,
      heap.typedArrayFromHeap(out).byteOffset,
      wo,
      c,
    ]);
    const memory = backendMemory(backend);
    const rows = batchSize * ho;
    runShared(simd, memory, 'maxPool2x2', fields, rows, threadsFor(memory, rows * wo * c));
    return out;
  };
  return wasmKernel(MaxPool, kernelFunc);
}
