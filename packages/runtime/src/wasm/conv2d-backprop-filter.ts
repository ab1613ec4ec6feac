import type { Conv2DBackpropFilterAttrs, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { Conv2DBackpropFilter } from '@tensorflow/tfjs-core';
import { convGradientKernel, type ConvGeometry as Geometry } from './conv-attrs.js';
import { call, free, reshape, transpose } from './kernel-call.js';
import { kernelThreads, runShared } from './simd/kernel-threads.js';
import { backendMemory, jobFields, type SimdKernels, simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';
import { winogradTakes } from './winograd.js';

type Inputs = { x: TensorInfo; dy: TensorInfo };

/**
 * The filter gradient of a 2-D convolution, dW[a][b][i][o] = sum over pixels of X(window at the pixel, tap (a, b),
 * channel i) * dY(pixel, o). The wasm backend has no kernel of its own for it (tfjs issue #8474).
 *
 * Where wasm SIMD runs and the output channels come in eights: our SIMD kernel reads X (zero-padded once, so that
 * every window lies inside it) and dY in place, a chunk of images at a time that stays in cache, with 4 taps x 8
 * output channels in registers, on every thread (simd/kernel-threads.ts). Otherwise patchesᵀ is gathered and
 * multiplied with dY by XNNPACK, which repacks dY (long and new every step) on each call and runs from memory:
 * 24-36 ms against 10-12 for our kernel on one thread for bench-cnn's 32x32x16->32 layer (noisy).
 */
function conv2DBackpropFilter(
  { x, dy }: Inputs,
  backend: KernelBackend,
  g: Geometry,
  { filterShape }: Conv2DBackpropFilterAttrs,
): TensorInfo {
  const heap = backend as WasmHeapBackend;
  const simd = g.outChannels % 8 === 0 ? simdKernels(heap) : undefined;
  const threeByThree =
    g.filterHeight === 3 && g.filterWidth === 3 && g.strideHeight === 1 && g.strideWidth === 1;
  const dw = !simd
    ? gathered(heap, x, dy, g)
    : threeByThree && winogradTakes(g.inChannels, g.outChannels)
      ? winogradFilterGrad(heap, simd, x, dy, g)
      : direct(heap, simd, x, dy, g);
  const out = reshape(backend, dw, filterShape);
  free(backend, dw);
  return out;
}

// Groups of work whose sums are kept apart and added in order at the end: enough for the threads to share them
// out as they come free, few enough that the sums stay small.
const SUM_GROUPS = 8;

// Bytes of X and dY a chunk of images should stay within, so that the 4x8 tiles of all taps reread them from
// the core's L2 cache (512 KB on the machine this was tuned on) rather than from memory.
const CHUNK_BYTES = 256 * 1024;

// Our SIMD kernel: kernels.wat's filterGrad, one job per chunk of images and row tile. The threads take fixed groups
// of chunks in turn, each group adding to an accumulator of its own; the accumulators are summed in order at the
// end, so the result does not depend on which thread took which group, nor on how many threads there are.
function direct(
  heap: WasmHeapBackend,
  simd: SimdKernels,
  x: TensorInfo,
  dy: TensorInfo,
  g: Geometry,
): TensorInfo {
  const { batch, inHeight: h, inWidth: w, inChannels: ci, outHeight: ho, outWidth: wo, outChannels: co } = g;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, padTop, padLeft } = g;
  // The extent the windows cover; X is padded to it where a window would leave the image.
  const hp = (ho - 1) * sh + fh;
  const wp = (wo - 1) * sw + fw;
  const pad = padTop > 0 || padLeft > 0 || hp > h || wp > w;
  const xh = pad ? hp : h;
  const xw = pad ? wp : w;
  const rows = fh * fw * ci;
  const rowTiles = Math.ceil(rows / 4);
  const accSize = rowTiles * 4 * co;
  const memory = backendMemory(heap);
  const threads = kernelThreads(memory);
  const chunk = Math.max(1, Math.floor(CHUNK_BYTES / (4 * (xh * xw * ci + ho * wo * co))));
  const chunks = Math.ceil(batch / chunk);
  const perGroup = Math.ceil(chunks / Math.min(chunks, SUM_GROUPS));
  const groups = Math.ceil(chunks / perGroup);
  const padded = pad ? heap.makeOutput([batch * xh * xw * ci], 'float32') : undefined;
  const acc = heap.makeOutput([groups * accSize], 'float32');
  const jobs = heap.makeOutput([16 * chunks * rowTiles], 'float32');
  // Views after the allocations: they may grow (and so replace) the heap.
  const accView = heap.typedArrayFromHeap(acc);
  const jobsAt = heap.typedArrayFromHeap(jobs).byteOffset;
  const xAt = pad
    ? heap.typedArrayFromHeap(padded as TensorInfo).byteOffset
    : heap.typedArrayFromHeap(x).byteOffset;
  if (pad) {
    const from = heap.typedArrayFromHeap(x).byteOffset;
    simd.padImages(from, xAt, batch, h, w, 4 * ci, padTop, padLeft, hp, wp);
  }
  // Not a plain fill: on the threaded build the heap is shared memory, where V8 fills byte by byte.
  for (let i = 0; i < accView.length; i++) accView[i] = 0;
  const dyAt = heap.typedArrayFromHeap(dy).byteOffset;
  // Row r = (a * fw + b) * ci + i is read at this byte offset from its window's corner; the rows that round the
  // last tile up to four read the first one again, into accumulator rows that are dropped.
  const offset = (r: number) => {
    if (r >= rows) return 0;
    const i = r % ci;
    const tap = (r - i) / ci;
    return 4 * (((tap - (tap % fw)) / fw) * xw * ci + (tap % fw) * ci + i);
  };
  const job = new Int32Array(16 * chunks * rowTiles);
  let o = 0;
  for (let n0 = 0; n0 < batch; n0 += chunk) {
    for (let rt = 0; rt < rowTiles; rt++, o += 16) {
      job[o] = xAt + 4 * n0 * xh * xw * ci;
      for (let k = 0; k < 4; k++) job[o + 1 + k] = offset(4 * rt + k);
      job[o + 5] = dyAt + 4 * n0 * ho * wo * co;
      job[o + 6] = accView.byteOffset + 4 * 4 * rt * co;
      job[o + 7] = 4 * co;
      job[o + 8] = co / 8;
      job[o + 9] = Math.min(chunk, batch - n0);
      job[o + 10] = ho;
      job[o + 11] = wo;
      job[o + 12] = 4 * sw * ci;
      job[o + 13] = 4 * sh * xw * ci;
      job[o + 14] = 4 * xh * xw * ci;
      job[o + 15] = 4 * accSize;
    }
  }
  new Int32Array(accView.buffer, jobsAt, job.length).set(job);
  runShared(simd, memory, 'filterGrad', jobsAt, job.length / 16, threads, perGroup * rowTiles);
  for (let t = 1; t < groups; t++) {
    for (let i = 0; i < accSize; i++)
      accView[i] = (accView[i] as number) + (accView[t * accSize + i] as number);
  }
  free(heap, jobs);
  if (padded) free(heap, padded);
  const out = heap.makeOutput([rows, co], 'float32');
  heap.typedArrayFromHeap(out).set(heap.typedArrayFromHeap(acc).subarray(0, rows * co));
  free(heap, acc);
  return out;
}

// Bytes of scratch a unit of the Winograd filter gradient may fill (its blocks' transforms), to stay in L2.
const WINOGRAD_UNIT_BYTES = 192 * 1024;

// kernels.wat's winogradFilterGrad: the threads take fixed groups of units (block rows) in turn, each group adding to
// sums of its own, [16][ci][co], which winogradFilterGradOut adds up in order and turns into dW = Gᵀ M G.
function winogradFilterGrad(
  heap: WasmHeapBackend,
  simd: SimdKernels,
  x: TensorInfo,
  dy: TensorInfo,
  g: Geometry,
): TensorInfo {
  const { batch, inHeight: h, inWidth: w, inChannels: ci, outHeight: ho, outWidth: wo, outChannels: co } = g;
  const blockRows = Math.ceil(ho / 2);
  const blocks = Math.ceil(wo / 2);
  const hp = 2 * blockRows + 2;
  const wp = 2 * blocks + 2;
  const per = Math.max(1, Math.min(blockRows, Math.floor(WINOGRAD_UNIT_BYTES / (64 * (ci + co) * blocks))));
  const units = batch * Math.ceil(blockRows / per);
  const memory = backendMemory(heap);
  const threads = kernelThreads(memory);
  const accSize = 16 * ci * co;
  const perGroup = Math.ceil(units / Math.min(units, SUM_GROUPS));
  const groups = Math.ceil(units / perGroup);
  const scratchBytes = 64 * per * blocks * (ci + co);
  // dY in whole 2x2 blocks: padded with zeros where its height or width is odd.
  const oddEdge = 2 * blockRows !== ho || 2 * blocks !== wo;
  const padded = heap.makeOutput([batch * hp * wp * ci], 'float32');
  const dyBlocks = oddEdge
    ? heap.makeOutput([batch * 2 * blockRows * 2 * blocks * co], 'float32')
    : undefined;
  const acc = heap.makeOutput([groups * accSize], 'float32');
  const scratch = heap.makeOutput([(threads * scratchBytes) / 4], 'float32');
  // Views after the allocations: they may grow (and so replace) the heap.
  const at = (t: TensorInfo) => heap.typedArrayFromHeap(t).byteOffset;
  simd.padImages(at(x), at(padded), batch, h, w, 4 * ci, g.padTop, g.padLeft, hp, wp);
  if (dyBlocks) simd.padImages(at(dy), at(dyBlocks), batch, ho, wo, 4 * co, 0, 0, 2 * blockRows, 2 * blocks);
  const sums = heap.typedArrayFromHeap(acc);
  // Not a plain fill: on the threaded build the heap is shared memory, where V8 fills byte by byte.
  for (let i = 0; i < sums.length; i++) sums[i] = 0;
  const fields = jobFields(heap, [
    at(padded),
    at(dyBlocks ?? dy),
    sums.byteOffset,
    4 * accSize,
    ci,
    co,
    blocks,
    wp,
    hp,
    blockRows,
    per,
    at(scratch),
    scratchBytes,
  ]);
  runShared(simd, memory, 'winogradFilterGrad', fields, units, threads, perGroup);
  free(heap, padded, scratch);
  if (dyBlocks) free(heap, dyBlocks);
  const out = heap.makeOutput([9 * ci, co], 'float32');
  simd.winogradFilterGradOut(jobFields(heap, [at(acc), groups, 4 * accSize, ci * co, at(out)]));
  free(heap, acc);
  return out;
}

// patchesᵀ gathered element by element, then one XNNPACK matrix product.
function gathered(heap: WasmHeapBackend, x: TensorInfo, dy: TensorInfo, g: Geometry): TensorInfo {
  const taps = g.filterHeight * g.filterWidth * g.inChannels;
  const pixels = g.batch * g.outHeight * g.outWidth;
  // Channels first, so that each row of patchesᵀ is gathered from one image row of one channel, in order.
  const xt = g.inChannels === 1 ? x : transpose(heap, x, [3, 0, 1, 2]);
  const patches = heap.makeOutput([taps, pixels], 'float32');
  // Views after the allocation: it may grow (and so replace) the heap.
  gatherPatchesT(heap.typedArrayFromHeap(xt), heap.typedArrayFromHeap(patches), g);
  if (xt !== x) free(heap, xt);
  const dy2 = reshape(heap, dy, [pixels, g.outChannels]);
  const product = call(heap, 'BatchMatMul', { a: patches, b: dy2 }, { transposeA: false, transposeB: false });
  free(heap, patches, dy2);
  return product;
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
