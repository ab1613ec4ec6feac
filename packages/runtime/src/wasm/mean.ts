import {
  engine,
  type GradConfig,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  Mean,
  type MeanAttrs,
  type Tensor,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { overrideGradient } from './gradient-override.js';
import { call, free, type KernelArgs, reshape, wasmKernel } from './kernel-call.js';
import { runShared, threadsFor } from './simd/kernel-threads.js';
import { backendMemory, jobFields, simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';

/**
 * `Mean` for the wasm backend: the mean over rows and columns of NHWC images (global average pooling, as in
 * bench-cnn and the default CNN) reads the data once in place on every thread, by our SIMD kernel for channels in
 * fours, else by XNNPACK's average pooling over the whole image; the stock kernel transposes the channels in
 * front first (a copy of it all). Every other mean goes to the stock kernel.
 */
export function meanKernel(stock: KernelFunc): KernelConfig {
  const kernelFunc = (args: KernelArgs<{ x: TensorInfo }, MeanAttrs>) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    const rowsAndColumns = x.shape.length === 4 && axes.length === 2 && axes[0] === 1 && axes[1] === 2;
    if (!rowsAndColumns || x.dtype !== 'float32' || util.sizeFromShape(x.shape) === 0) {
      return stock(args as unknown as Parameters<KernelFunc>[0]);
    }
    const [batch, h, w, c] = x.shape as [number, number, number, number];
    const simd = c % 4 === 0 ? simdKernels(backend) : undefined;
    if (simd) {
      const heap = backend as WasmHeapBackend;
      const out = heap.makeOutput(attrs.keepDims ? [batch, 1, 1, c] : [batch, c], 'float32');
      // Addresses after the allocation: it may grow (and so replace) the heap.
      const fields = jobFields(backend, [
        heap.typedArrayFromHeap(x).byteOffset,
        heap.typedArrayFromHeap(out).byteOffset,
        c,
        h * w,
      ]);
      const memory = backendMemory(backend);
      runShared(simd, memory, 'imageMeans', fields, batch, threadsFor(memory, batch * h * w * c));
      return out;
    }
    const means = call(
      backend,
      'AvgPool',
      { x },
      { filterSize: [h, w], strides: [h, w], pad: 'valid', dimRoundingMode: undefined },
    );
    const out = reshape(backend, means, attrs.keepDims ? [batch, 1, 1, c] : [batch, c]);
    free(backend, means);
    return out;
  };
  return wasmKernel(Mean, kernelFunc);
}

/** The kernel our gradient of a mean over rows and columns runs on wasm. */
export const MEAN_GRAD = 'ShapesMeanGrad';

/** {@link MEAN_GRAD} for the wasm backend: dy ([n, c]) spread over `shape` ([n, h, w, c]) and divided by h * w. */
export const meanGradConfig: KernelConfig = wasmKernel(
  MEAN_GRAD,
  ({ inputs: { dy }, backend, attrs }: KernelArgs<{ dy: TensorInfo }, { shape: number[] }>) => {
    const heap = backend as WasmHeapBackend;
    const simd = simdKernels(backend) as NonNullable<ReturnType<typeof simdKernels>>;
    const [batch, h, w, c] = attrs.shape as [number, number, number, number];
    const out = heap.makeOutput(attrs.shape, 'float32');
    // Addresses after the allocation: it may grow (and so replace) the heap.
    const fields = jobFields(backend, [
      heap.typedArrayFromHeap(dy).byteOffset,
      heap.typedArrayFromHeap(out).byteOffset,
      c,
      h * w,
      h * w,
    ]);
    const memory = backendMemory(backend);
    const rows = batch * h * w;
    runShared(simd, memory, 'meanGrad', fields, rows, threadsFor(memory, rows * c));
    return out;
  },
);

/**
 * The gradient of `Mean`, as tfjs's own (dy spread over the reduced axes, divided by their size), but one kernel of
 * ours where the backend is wasm and the mean is over rows and columns of float32 images with channels in fours.
 * Replaces the gradient registered for `Mean`, which it falls back to elsewhere.
 */
export function meanGradient(): GradConfig {
  return overrideGradient(Mean, (g, x, attrs) => {
    const axes = util.parseAxisParam((attrs as unknown as MeanAttrs).axis, x.shape).sort((a, b) => a - b);
    const ours =
      getKernel(MEAN_GRAD, 'wasm') &&
      x.rank === 4 &&
      axes.length === 2 &&
      axes[0] === 1 &&
      axes[1] === 2 &&
      g.dtype === 'float32' &&
      (x.shape[3] as number) % 4 === 0 &&
      simdKernels(engine().backend);
    return ours
      ? () => engine().runKernel(MEAN_GRAD, { dy: g }, { shape: x.shape } as never) as Tensor
      : undefined;
  });
}
