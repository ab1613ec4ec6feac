import {
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** What tfjs passes a kernel with inputs `I` and attributes `A`. */
export interface KernelArgs<I, A = object> {
  inputs: I;
  backend: KernelBackend;
  attrs: A;
}

/** The registration of `kernelFunc` as the wasm backend's `kernelName`. */
export function wasmKernel<I, A>(
  kernelName: string,
  kernelFunc: (args: KernelArgs<I, A>) => TensorInfo | TensorInfo[],
): KernelConfig {
  return { kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc };
}

/**
 * Runs another wasm kernel directly, as tfjs's own composite kernels do: the result is backend data the engine
 * does not track, so the caller frees it with {@link free} or returns it as its own output.
 */
export function call(
  backend: KernelBackend,
  kernelName: string,
  inputs: Record<string, TensorInfo> | TensorInfo[],
  attrs: object = {},
): TensorInfo {
  const kernel = getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`The wasm backend has no ${kernelName} kernel.`);
  return kernel.kernelFunc({
    inputs: inputs as Record<string, TensorInfo>,
    attrs: attrs as NamedAttrMap,
    backend,
  }) as TensorInfo;
}

/**
 * Releases results of {@link call}. Each result holds one reference, even a reshape that shares its input's
 * data, so each is released once.
 */
export function free(backend: KernelBackend, ...infos: TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

/** `call(backend, 'Reshape', ...)`, spelled out because it is everywhere. */
export function reshape(backend: KernelBackend, x: TensorInfo, shape: number[]): TensorInfo {
  return call(backend, 'Reshape', { x }, { shape });
}

/** `call(backend, 'Transpose', ...)`. */
export function transpose(backend: KernelBackend, x: TensorInfo, perm: number[]): TensorInfo {
  return call(backend, 'Transpose', { x }, { perm });
}

/** `call(backend, 'Slice', ...)`. */
export function slice(backend: KernelBackend, x: TensorInfo, begin: number[], size: number[]): TensorInfo {
  return call(backend, 'Slice', { x }, { begin, size });
}
