import type { Conv2DBackpropFilterAttrs, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import { convGradientKernel, type ConvGeometry as Geometry } from './conv-attrs.js';
import { call, free, reshape, transpose } from './kernel-call.js';
import { type SimdKernels, simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';

type Inputs = { x: TensorInfo; dy: TensorInfo };

/**
 * The filter gradient of a 2-D convolution: dW = patchesᵀ · dY, one matrix product run by XNNPACK, where
 * patchesᵀ (one row per filter tap and input channel, one column per output pixel) is gathered straight from
 * the input on the wasm heap. The wasm backend has no kernel of its own for it (tfjs issue #8474).
 *
 * A matrix product rather than the usual convolution with batch and channels swapped: that convolution's
 * "filter" is the whole of dY, repacked on every call, and its inner loop runs over the batch, only 32 long, which
 * makes a bench-cnn training step about 100-110 ms against 70-90 ms with this (noisy).
 */
function conv2DBackpropFilter(
  { x, dy }: Inputs,
  backend: KernelBackend,
  g: Geometry,
  { filterShape }: Conv2DBackpropFilterAttrs,
): TensorInfo {
  const dw = gathered(backend as WasmHeapBackend, x, dy, g);
  const out = reshape(backend, dw, filterShape);
  free(backend, dw);
  return out;
}

// patchesᵀ gathered element by element, then one matrix product.
function gathered(heap: WasmHeapBackend, x: TensorInfo, dy: TensorInfo, g: Geometry): TensorInfo {
  const taps = g.filterHeight * g.filterWidth * g.inChannels;
  const pixels = g.batch * g.outHeight * g.outWidth;
  // Channels first, so that each row of patchesᵀ is gathered from one image row of one channel, in order.
  const xt = g.inChannels === 1 ? x : transpose(heap, x, [3, 0, 1, 2]);
  const simd = taps <= SIMD_MAX_TAPS && g.outChannels % 16 === 0 ? simdKernels(heap) : undefined;
  // Our SIMD product reads patches four rows at a time: round the rows up (the extra rows' results are dropped).
  const rows = simd ? Math.ceil(taps / 4) * 4 : taps;
  const patches = heap.makeOutput([rows, pixels], 'float32');
  // Views after the allocation: it may grow (and so replace) the heap.
  gatherPatchesT(heap.typedArrayFromHeap(xt), heap.typedArrayFromHeap(patches), g);
  if (xt !== x) free(heap, xt);
  if (simd) {
    const product = smallProduct(heap, simd, patches, dy, rows, pixels, g.outChannels);
    free(heap, patches);
    if (rows === taps) return product;
    const out = heap.makeOutput([taps, g.outChannels], 'float32');
    heap.typedArrayFromHeap(out).set(heap.typedArrayFromHeap(product).subarray(0, taps * g.outChannels));
    free(heap, product);
    return out;
  }
  const dy2 = reshape(heap, dy, [pixels, g.outChannels]);
  const product = call(heap, 'BatchMatMul', { a: patches, b: dy2 }, { transposeA: false, transposeB: false });
  free(heap, patches, dy2);
  return product;
}

// Few filter taps per output channel (a first layer on gray images: 9): XNNPACK's product spends most of its time
// repacking dY, which is long and new every step, while our single-threaded SIMD tiles read it in place. Median
// per call with fresh tensors on bench-cnn's layers: 64x64x1->16 (9 taps) 8.4-9.0 ms against 24.9;
// 32x32x16->32 (144 taps) 35-38 against 35; 16x16x32->64 (288 taps) 28-31 against 26. Hence few taps only.
const SIMD_MAX_TAPS = 16;

function smallProduct(
  heap: WasmHeapBackend,
  simd: SimdKernels,
  patches: TensorInfo,
  dy: TensorInfo,
  rows: number,
  k: number,
  n: number,
): TensorInfo {
  const out = heap.makeOutput([rows, n], 'float32');
  const a = heap.typedArrayFromHeap(patches).byteOffset;
  const b = heap.typedArrayFromHeap(dy).byteOffset;
  const c = heap.typedArrayFromHeap(out).byteOffset;
  for (let p = 0; p < rows; p += 4) {
    for (let j = 0; j < n; j += 16)
      simd.gemmTile4x16(a + 4 * p * k, 4 * k, b + 4 * j, 4 * n, c + 4 * (p * n + j), 4 * n, k, 0);
  }
  return out;
}

// patchesT[(a * fw + b) * ci + i][(n * ho + y) * wo + x] = X[n][y * sh + a - top][x * sw + b - left][i], or 0
// outside the image, read from X laid out channels first ([ci, n, h, w]).
function gatherPatchesT(xt: Float32Array, out: Float32Array, g: Geometry): void {
  if (g.strideHeight === 1 && g.strideWidth === 1 && g.outHeight === g.inHeight && g.outWidth === g.inWidth) {
    shiftedPlanes(xt, out, g);
    return;
  }
  const { batch, inHeight: h, inWidth: w, inChannels: ci, outHeight: ho, outWidth: wo } = g;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  let o = 0;
  for (let a = 0; a < fh; a++) {
    for (let b = 0; b < fw; b++) {
      // Output columns whose input column is inside the image: x in [xLo, xHi).
      const xLo = Math.min(wo, Math.max(0, Math.ceil((padLeft - b) / sw)));
      const xHi = Math.max(xLo, Math.min(wo, Math.floor((w - 1 + padLeft - b) / sw) + 1));
      for (let i = 0; i < ci; i++) {
        for (let n = 0; n < batch; n++) {
          const plane = (i * batch + n) * h;
          for (let y = 0; y < ho; y++) {
            const iy = y * sh + a - padTop;
            if (iy < 0 || iy >= h) {
              for (let k = 0; k < wo; k++) out[o++] = 0;
              continue;
            }
            let xi = 0;
            for (; xi < xLo; xi++) out[o++] = 0;
            let src = (plane + iy) * w + xLo * sw + b - padLeft;
            for (; xi < xHi; xi++, src += sw) out[o++] = xt[src] as number;
            for (; xi < wo; xi++) out[o++] = 0;
          }
        }
      }
    }
  }
}

// Stride 1, output as large as the input ('same'): each tap's patches of one image plane are that plane shifted
// by (a - top) rows and (b - left) columns, so they are one native copy, after which the rows that fell outside
// and the columns that wrapped around from the neighbouring row are zeroed. A few thousand long copies instead
// of millions of element moves (about 4 ns each here).
function shiftedPlanes(xt: Float32Array, out: Float32Array, g: Geometry): void {
  const { batch, inHeight: h, inWidth: w, inChannels: ci, filterHeight: fh, filterWidth: fw } = g;
  const heap = new Float32Array(out.buffer);
  const xBase = xt.byteOffset / 4;
  const size = h * w;
  let o = 0;
  for (let a = 0; a < fh; a++) {
    const dy = a - g.padTop;
    const yStart = Math.max(0, -dy);
    const yEnd = Math.min(h, h - dy);
    for (let b = 0; b < fw; b++) {
      const dx = b - g.padLeft;
      for (let i = 0; i < ci; i++) {
        for (let n = 0; n < batch; n++, o += size) {
          for (let k = o; k < o + yStart * w; k++) out[k] = 0;
          if (yEnd > yStart) {
            // Clipped to this plane: what would come from outside it lands in a wrapped column, zeroed below.
            const plane = xBase + (i * batch + n) * size;
            const from = plane + (yStart + dy) * w + dx;
            const to = from + (yEnd - yStart) * w;
            const lo = Math.max(from, plane);
            const hi = Math.min(to, plane + size);
            const at = out.byteOffset / 4 + o + yStart * w + (lo - from);
            heap.copyWithin(at, lo, hi);
          }
          for (let k = o + yEnd * w; k < o + size; k++) out[k] = 0;
          if (dx !== 0) {
            const c0 = dx < 0 ? 0 : w - dx;
            const c1 = dx < 0 ? -dx : w;
            for (let y = yStart; y < yEnd; y++) {
              for (let x = c0; x < c1; x++) out[o + y * w + x] = 0;
            }
          }
        }
      }
    }
  }
}

/** `Conv2DBackpropFilter` for the wasm backend. */
export const conv2DBackpropFilterConfig = convGradientKernel<Inputs, Conv2DBackpropFilterAttrs>(
  Conv2DBackpropFilter,
  ({ x }, { filterShape }) => [x.shape, filterShape],
  conv2DBackpropFilter,
);
