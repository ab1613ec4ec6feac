import type { KernelBackend } from '@tensorflow/tfjs-core';
import { SHARED, UNSHARED } from './kernels-wasm.js';

/** The functions of kernels.wat; pointers are byte offsets into the wasm backend's heap. */
export interface SimdKernels {
  maxPoolGrad2x2(x: number, g: number, dx: number, rows: number, wo: number, c: number): void;
  gemmTile4x16(
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    k: number,
    acc: number,
  ): void;
}

const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

/**
 * Our SIMD kernels, instantiated on the wasm backend's own memory so they read and write its tensors in place;
 * `undefined` where that memory is out of reach or the engine lacks wasm SIMD (callers then use plain JS).
 */
export function simdKernels(backend: KernelBackend): SimdKernels | undefined {
  const module = (
    backend as { wasm?: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } } }
  ).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  if (!memory) return undefined;
  let kernels = instances.get(memory);
  if (kernels === undefined) {
    kernels = instantiate(memory);
    instances.set(memory, kernels);
  }
  return kernels ?? undefined;
}

function instantiate(memory: WebAssembly.Memory): SimdKernels | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = Uint8Array.from(atob(shared ? SHARED : UNSHARED), (ch) => ch.charCodeAt(0));
  try {
    // Synchronous: the module is under a kilobyte, well inside what browsers allow on the main thread.
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return instance.exports as unknown as SimdKernels;
  } catch {
    return null;
  }
}
