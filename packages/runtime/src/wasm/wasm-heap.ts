import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/** The parts of tfjs's wasm backend that kernels working on its heap use, as tfjs's own JS-side kernels do. */
export interface WasmHeapBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}
