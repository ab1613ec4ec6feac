import type { TensorInfo } from '@tensorflow/tfjs-core';
import { free } from './kernel-call.js';
import { kernelThreads, runShared } from './simd/kernel-threads.js';
import { backendMemory, jobFields, type SimdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';

/**
 * A 3x3 convolution of stride 1 (NHWC, float32), `y = x ⋆ w (+ bias) (then relu)`, with x zero-padded by `padTop`
 * rows and `padLeft` columns, as our SIMD kernel computes it (kernels.wat's winograd3x3): Winograd's F(2x2, 3x3)
 * makes 16 products per 2x2 outputs, input and output channel where a direct convolution makes 36. With
 * `rotated`, `filter` is [3, 3, outChannels, inChannels] and used turned by 180 degrees with its channel axes
 * swapped: the input gradient of a convolution, as a convolution of dY.
 */
export interface Winograd {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  padTop: number;
  padLeft: number;
  filter: TensorInfo;
  rotated: boolean;
  bias?: TensorInfo;
  relu: boolean;
}

/**
 * Whether our Winograd kernel takes a convolution of `inChannels` -> `outChannels`: it reads input channels four
 * at a time and writes output channels eight at a time. Fewer input channels than 4 (a first layer on gray
 * images) would waste most of its products; XNNPACK keeps those.
 */
export function winogradTakes(inChannels: number, outChannels: number): boolean {
  return inChannels % 4 === 0 && outChannels % 8 === 0;
}

/** Runs the convolution `c` of `x` by Winograd, on every thread; the caller has checked {@link winogradTakes}. */
export function winograd(heap: WasmHeapBackend, simd: SimdKernels, x: TensorInfo, c: Winograd): TensorInfo {
  const { batch, inChannels: ci, outChannels: co, outHeight: ho, outWidth: wo } = c;
  const blockRows = Math.ceil(ho / 2);
  // Blocks per row in fours, for the 4x8 tiles of the products; X is padded wide enough for them all.
  const blocks = Math.ceil(Math.ceil(wo / 2) / 4) * 4;
  const hp = 2 * blockRows + 2;
  const wp = 2 * blocks + 2;
  const memory = backendMemory(heap);
  const threads = kernelThreads(memory);
  const scratchBytes = 4 * 16 * blocks * (ci + co);
  const padded = heap.makeOutput([batch * hp * wp * ci], 'float32');
  const u = heap.makeOutput([16 * ci * co], 'float32');
  const zeros = c.bias ? undefined : heap.makeOutput([co], 'float32');
  const scratch = heap.makeOutput([(threads * scratchBytes) / 4], 'float32');
  const out = heap.makeOutput([batch, ho, wo, co], 'float32');
  // Views after the allocations: they may grow (and so replace) the heap.
  simd.padImages(
    heap.typedArrayFromHeap(x).byteOffset,
    heap.typedArrayFromHeap(padded).byteOffset,
    batch,
    c.inHeight,
    c.inWidth,
    4 * ci,
    c.padTop,
    c.padLeft,
    hp,
    wp,
  );
  const at = (t: TensorInfo) => heap.typedArrayFromHeap(t).byteOffset;
  simd.winogradFilter(jobFields(heap, [at(c.filter), at(u), ci, co, c.rotated ? 1 : 0]));
  if (zeros) {
    const z = heap.typedArrayFromHeap(zeros);
    for (let i = 0; i < co; i++) z[i] = 0;
  }
  const fields = jobFields(heap, [
    heap.typedArrayFromHeap(padded).byteOffset,
    heap.typedArrayFromHeap(u).byteOffset,
    heap.typedArrayFromHeap(c.bias ?? (zeros as TensorInfo)).byteOffset,
    heap.typedArrayFromHeap(out).byteOffset,
    ci,
    co,
    blocks,
    wp,
    hp,
    ho,
    wo,
    blockRows,
    c.relu ? 1 : 0,
    heap.typedArrayFromHeap(scratch).byteOffset,
    scratchBytes,
  ]);
  const units = batch * blockRows;
  runShared(simd, memory, 'winograd3x3', fields, units, threads);
  free(heap, padded, u, scratch);
  if (zeros) free(heap, zeros);
  return out;
}
