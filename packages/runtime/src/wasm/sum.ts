import {
  type KernelConfig,
  type KernelFunc,
  Sum,
  type SumAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { call, free, type KernelArgs, wasmKernel } from './kernel-call.js';
import { runShared, threadsFor } from './simd/kernel-threads.js';
import { backendMemory, jobFields, type SimdKernels, simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';

/**
 * `Sum` for the wasm backend. A convolution's bias gradient sums dY over batch, rows and columns; the stock
 * kernel first transposes those axes to the end (a full copy) and takes 26 ms for bench-cnn's first layer.
 * Channels in fours: our SIMD kernel reads dY once in place on every thread. Others: XNNPACK's average pooling
 * over the whole image (1.8 ms), the per-image means then scaled back to sums and added up. Every other reduction
 * goes to the stock kernel.
 */
export function sumKernel(stock: KernelFunc): KernelConfig {
  const kernelFunc = (args: KernelArgs<{ x: TensorInfo }, SumAttrs>) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    const imageAxes = x.shape.length === 4 && axes.length === 3 && axes.every((a, i) => a === i);
    if (!imageAxes || x.dtype !== 'float32') return stock(args as unknown as Parameters<KernelFunc>[0]);
    const [batch, h, w, c] = x.shape as [number, number, number, number];
    const simd = c % 4 === 0 ? simdKernels(backend) : undefined;
    if (simd) return channelSums(backend as WasmHeapBackend, simd, x, attrs.keepDims ? [1, 1, 1, c] : [c]);
    const means = call(
      backend,
      'AvgPool',
      { x },
      { filterSize: [h, w], strides: [h, w], pad: 'valid', dimRoundingMode: undefined },
    );
    const heap = backend as WasmHeapBackend;
    const out = heap.makeOutput(attrs.keepDims ? [1, 1, 1, c] : [c], 'float32');
    // Views after the allocation: it may grow (and so replace) the heap.
    const m = heap.typedArrayFromHeap(means);
    const o = heap.typedArrayFromHeap(out);
    const pixels = h * w;
    for (let ch = 0; ch < c; ch++) {
      let s = 0;
      for (let n = 0; n < batch; n++) s += m[n * c + ch] as number;
      o[ch] = s * pixels;
    }
    free(backend, means);
    return out;
  };
  return wasmKernel(Sum, kernelFunc);
}

/** Groups of pixels summed apart (see channelSums). */
const SUM_GROUPS = 16;

// kernels.wat's channelSums: each group of pixels is summed into a row of its own, added up at the end.
function channelSums(heap: WasmHeapBackend, simd: SimdKernels, x: TensorInfo, shape: number[]): TensorInfo {
  const c = x.shape[3] as number;
  const pixels = util.sizeFromShape(x.shape) / c;
  const memory = backendMemory(heap);
  const threads = threadsFor(memory, pixels * c);
  // Fixed groups of pixels, each summed apart and the groups added in order: the same sums on any threads.
  const perGroup = Math.ceil(pixels / Math.min(pixels, SUM_GROUPS));
  const groups = Math.ceil(pixels / perGroup);
  const partial = heap.makeOutput([groups * c], 'float32');
  const out = heap.makeOutput(shape, 'float32');
  // Views after the allocations: they may grow (and so replace) the heap.
  const p = heap.typedArrayFromHeap(partial);
  for (let i = 0; i < p.length; i++) p[i] = 0;
  const fields = jobFields(heap, [heap.typedArrayFromHeap(x).byteOffset, p.byteOffset, c]);
  runShared(simd, memory, 'channelSums', fields, pixels, threads, perGroup);
  const o = heap.typedArrayFromHeap(out);
  for (let ch = 0; ch < c; ch++) {
    let s = 0;
    for (let t = 0; t < groups; t++) s += p[t * c + ch] as number;
    o[ch] = s;
  }
  free(heap, partial);
  return out;
}
