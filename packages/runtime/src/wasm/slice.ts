import {
  type KernelConfig,
  type KernelFunc,
  Slice,
  type SliceAttrs,
  slice_util,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernel } from './kernel-call.js';

/**
 * `Slice` for the wasm backend: a slice that is the whole tensor shares its data (one more reference), as
 * `Identity` does. `model.predict` slices its input into batches even when it is one batch, a copy of the whole
 * input (0.5 ms for 32 images of 64x64) per call. Every other slice goes to the stock kernel.
 */
export function sliceKernel(stock: KernelFunc): KernelConfig {
  const kernelFunc = (args: KernelArgs<{ x: TensorInfo }, SliceAttrs>) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    const [begin, size] = slice_util.parseSliceParams(x as never, attrs.begin, attrs.size);
    const whole = x.dtype !== 'string' && begin.every((b, i) => b === 0 && size[i] === x.shape[i]);
    if (!whole) return stock(args as unknown as Parameters<KernelFunc>[0]);
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  return wasmKernel(Slice, kernelFunc);
}
