import type { KernelBackend } from '@tensorflow/tfjs-core';
import { SHARED, UNSHARED } from './kernels-wasm.js';

/** The functions of kernels.wat; pointers are byte offsets into the wasm backend's heap. */
export interface SimdKernels {
  maxPoolGrad2x2(x: number, g: number, dx: number, rows: number, wo: number, c: number): void;
  /** Jobs [from, to) of a filter-gradient job list (see kernels.wat); helper threads run other ranges. */
  filterGrad(jobs: number, from: number, to: number, thread: number, grain: number): void;
  /** out = x + bias over pixels [from, to): fields x, bias, out, channels at `args`. */
  biasAdd(args: number, from: number, to: number, thread: number, grain: number): void;
  /** A 3x3 stride-1 convolution by Winograd's F(2x2, 3x3) over units [from, to) (see kernels.wat). */
  winograd3x3(args: number, from: number, to: number, thread: number, grain: number): void;
  /** relu over 4-float vectors [from, to): fields x, out at `args`. */
  relu(args: number, from: number, to: number, thread: number, grain: number): void;
  /** dy * step(x) over 4-float vectors [from, to): fields dy, x, out at `args`. */
  reluGrad(args: number, from: number, to: number, thread: number, grain: number): void;
  /** One Adam step of `n` values (see kernels.wat): fields at `args`, then tfjs's scalars. */
  adam(
    args: number,
    n: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    oneMinusAccBeta1: number,
    oneMinusAccBeta2: number,
    epsilon: number,
    minusRate: number,
  ): void;
  /** dy[n] / count to every pixel of image n, pixel rows [from, to): fields dy, out, channels, pixels, count. */
  meanGrad(args: number, from: number, to: number, thread: number, grain: number): void;
  /** A direct convolution of few filter rows over output rows [from, to) (see kernels.wat). */
  directConv(args: number, from: number, to: number, thread: number, grain: number): void;
  /** 2x2 max pooling of stride 2 over output rows [from, to): fields x, out, output width, channels. */
  maxPool2x2(args: number, from: number, to: number, thread: number, grain: number): void;
  /** Sums per channel of pixels [from, to) into this thread's partial sums: fields x, partial sums, channels. */
  channelSums(args: number, from: number, to: number, thread: number, grain: number): void;
  /** Means per image and channel of images [from, to): fields x, out, channels, pixels per image. */
  imageMeans(args: number, from: number, to: number, thread: number, grain: number): void;
  /** The filter gradient of a 3x3 stride-1 convolution by Winograd, units [from, to) (see kernels.wat). */
  winogradFilterGrad(args: number, from: number, to: number, thread: number, grain: number): void;
  /** Winograd's filter transform (see kernels.wat): fields w, u, ci, co, rotated at `args`. */
  winogradFilter(args: number): void;
  /** dW = Gᵀ M G from the threads' sums of winogradFilterGrad: fields sums, threads, stride, ci * co, dW. */
  winogradFilterGradOut(args: number): void;
  padImages(
    src: number,
    dst: number,
    images: number,
    h: number,
    w: number,
    pixel: number,
    top: number,
    left: number,
    hp: number,
    wp: number,
  ): void;
}

interface Instance {
  kernels: SimdKernels;
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** A block of the heap kept for the fields of elementwise jobs (`FIELDS` i32), made on first use. */
  fields?: number;
}

/** i32 fields a job of an elementwise kernel may have. */
const FIELDS = 16;

const instances = new WeakMap<WebAssembly.Memory, Instance | null>();

/** The wasm backend's heap, where reachable. */
export function backendMemory(backend: KernelBackend): WebAssembly.Memory | undefined {
  const module = (
    backend as { wasm?: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } } }
  ).wasm;
  return module?.wasmMemory ?? module?.asm?.memory;
}

/**
 * Our SIMD kernels, instantiated on the wasm backend's own memory so they read and write its tensors in place;
 * `undefined` where that memory is out of reach or the engine lacks wasm SIMD (callers then use plain JS).
 */
export function simdKernels(backend: KernelBackend): SimdKernels | undefined {
  return simdInstance(backend)?.kernels;
}

/** The compiled module and memory behind {@link simdKernels}, for helper threads that instantiate it again. */
export function simdInstance(backend: KernelBackend): Instance | undefined {
  const memory = backendMemory(backend);
  if (!memory) return undefined;
  let instance = instances.get(memory);
  if (instance === undefined) {
    instance = instantiate(memory);
    instances.set(memory, instance);
  }
  return instance ?? undefined;
}

function instantiate(memory: WebAssembly.Memory): Instance | null {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const bytes = Uint8Array.from(atob(shared ? SHARED : UNSHARED), (ch) => ch.charCodeAt(0));
  try {
    // Synchronous: the module is a few kilobytes, well inside what browsers allow on the main thread.
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return { kernels: instance.exports as unknown as SimdKernels, module, memory };
  } catch {
    return null;
  }
}

/**
 * Writes `fields` (i32) to a block of the heap kept for them and returns its address, for a kernel that takes
 * its job's fields there. Kernels run one at a time, so one block serves them all; it lives as long as the heap.
 */
export function jobFields(backend: KernelBackend, fields: readonly number[]): number {
  const instance = simdInstance(backend);
  const wasm = (backend as { wasm?: { _malloc?: (bytes: number) => number } }).wasm;
  if (!instance || !wasm?._malloc || fields.length > FIELDS) throw new Error('no heap block for job fields');
  instance.fields ??= wasm._malloc(4 * FIELDS);
  new Int32Array(instance.memory.buffer, instance.fields, fields.length).set(fields);
  return instance.fields;
}
