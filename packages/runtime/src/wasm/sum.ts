import {
  type KernelConfig,
  type KernelFunc,
  Sum,
  type SumAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { call, free, type KernelArgs, wasmKernel } from './kernel-call.js';
import type { WasmHeapBackend } from './wasm-heap.js';

/**
 * `Sum` for the wasm backend. A convolution's bias gradient sums dY over batch, rows and columns; the stock
 * kernel first transposes those axes to the end (a full copy) and takes 26 ms for bench-cnn's first layer.
 * XNNPACK's average pooling over the whole image reads dY once in place (1.8 ms); the per-image means are then
 * scaled back to sums and added up. Every other reduction goes to the stock kernel.
 */
export function sumKernel(stock: KernelFunc): KernelConfig {
  const kernelFunc = (args: KernelArgs<{ x: TensorInfo }, SumAttrs>) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    const axes = util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    const imageAxes = x.shape.length === 4 && axes.length === 3 && axes.every((a, i) => a === i);
    if (!imageAxes || x.dtype !== 'float32') return stock(args as unknown as Parameters<KernelFunc>[0]);
    const [batch, h, w, c] = x.shape as [number, number, number, number];
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
