import { Identity, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernel } from './kernel-call.js';

/**
 * `Identity` for the wasm backend that shares the input's data (one more reference), as the cpu backend and
 * wasm's own `Reshape` do, instead of copying it: tensors are immutable, and a training step of bench-cnn makes
 * about 50 of these copies (about 10 ms), through layers and the optimizer.
 */
function identity({ inputs: { x }, backend }: KernelArgs<{ x: TensorInfo }>): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/** `Identity` for the wasm backend. */
export const identityConfig: KernelConfig = wasmKernel(Identity, identity);
