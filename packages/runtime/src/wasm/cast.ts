import {
  Cast,
  type CastAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernel } from './kernel-call.js';

/**
 * `Cast` for the wasm backend: to the dtype the tensor already has, it shares the data (one more reference), as
 * {@link identity} does; the stock kernel copies, and every relu's gradient casts a float32 mask to float32 (a
 * copy of the whole activation, 0.5 ms for bench-cnn's first layer). Real conversions go to the stock kernel.
 */
export function castKernel(stock: KernelFunc): KernelConfig {
  const kernelFunc = (args: KernelArgs<{ x: TensorInfo }, CastAttrs>) => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    if (x.dtype !== attrs.dtype || x.dtype === 'string') {
      return stock(args as unknown as Parameters<KernelFunc>[0]);
    }
    backend.incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return wasmKernel(Cast, kernelFunc);
}
