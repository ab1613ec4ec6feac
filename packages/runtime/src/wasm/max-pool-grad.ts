import {
  backend_util,
  type KernelConfig,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { type KernelArgs, wasmKernel } from './kernel-call.js';
import { simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';

type Inputs = { dy: TensorInfo; input: TensorInfo; output: TensorInfo };

/**
 * `MaxPoolGrad` for the wasm backend, computed in place on the wasm heap (no copy in or out). Each window's
 * gradient goes to its first maximum in row-major order, exactly as tfjs's cpu kernel does, so ties (flat image
 * regions) do not multiply it, and a pixel that is the maximum of several overlapping windows collects from each.
 *
 * Written by hand because nothing in the wasm backend does this right and fast: the stock kernel is slow and
 * wrong for overlapping or padded windows, `MaxPoolWithArgmax` returns index 0 for windows whose maximum is
 * negative and the last of tied maxima, and composing it from slices and transposes costs 100 to 700 ms a step
 * (the tests check it against the cpu backend; `pnpm bench profile-step` times a step).
 */
function maxPoolGrad({ inputs, backend, attrs }: KernelArgs<Inputs, MaxPoolGradAttrs>): TensorInfo {
  const wasm = backend as WasmHeapBackend;
  const { dy, input } = inputs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const out = wasm.makeOutput(input.shape, 'float32');
  // Views after the allocation: it may grow (and so replace) the heap.
  const x = wasm.typedArrayFromHeap(input);
  const g = wasm.typedArrayFromHeap(dy);
  const dx = wasm.typedArrayFromHeap(out);
  if (
    fh === 2 &&
    fw === 2 &&
    sh === 2 &&
    sw === 2 &&
    top === 0 &&
    left === 0 &&
    2 * ho === h &&
    2 * wo === w
  ) {
    const simd = c % 4 === 0 ? simdKernels(backend) : undefined;
    if (simd) simd.maxPoolGrad2x2(x.byteOffset, g.byteOffset, dx.byteOffset, batchSize * ho, wo, c);
    else tiles2x2(x, g, dx, batchSize * ho, wo, c);
    return out;
  }
  // Not a plain fill: on the threaded build the heap is shared memory, where V8 fills byte by byte.
  for (let i = 0; i < dx.length; i++) dx[i] = 0;
  const best = new Float32Array(c);
  const where = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < ho; oy++) {
      const y0 = oy * sh - top;
      const yStart = Math.max(0, y0);
      const yEnd = Math.min(h, y0 + fh);
      for (let ox = 0; ox < wo; ox++) {
        const x0 = ox * sw - left;
        const xStart = Math.max(0, x0);
        const xEnd = Math.min(w, x0 + fw);
        best.fill(Number.NEGATIVE_INFINITY);
        where.fill(-1);
        // Window positions in row-major order, all channels at once (contiguous in NHWC); `>` keeps the first.
        for (let iy = yStart; iy < yEnd; iy++) {
          for (let ix = xStart; ix < xEnd; ix++) {
            const base = ((b * h + iy) * w + ix) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = x[base + ch] as number;
              if (v > (best[ch] as number)) {
                best[ch] = v;
                where[ch] = base + ch;
              }
            }
          }
        }
        const o = ((b * ho + oy) * wo + ox) * c;
        for (let ch = 0; ch < c; ch++) {
          const at = where[ch] as number;
          if (at >= 0) dx[at] = (dx[at] as number) + (g[o + ch] as number);
        }
      }
    }
  }
  return out;
}

// The common case, 2x2 windows that tile the image: every input pixel is written once (0 or the gradient), so
// dx needs no clearing, and the four candidates of a window are compared in registers. `rows` counts output
// rows over the whole batch: with no padding and an even height, they stack exactly.
function tiles2x2(
  x: Float32Array,
  g: Float32Array,
  dx: Float32Array,
  rows: number,
  wo: number,
  c: number,
): void {
  const rowIn = 2 * wo * c;
  for (let r = 0; r < rows; r++) {
    for (let ox = 0; ox < wo; ox++) {
      const p00 = 2 * r * rowIn + 2 * ox * c;
      const p01 = p00 + c;
      const p10 = p00 + rowIn;
      const p11 = p10 + c;
      const o = (r * wo + ox) * c;
      for (let ch = 0; ch < c; ch++) {
        const v00 = x[p00 + ch] as number;
        const v01 = x[p01 + ch] as number;
        const v10 = x[p10 + ch] as number;
        const v11 = x[p11 + ch] as number;
        const d = g[o + ch] as number;
        // First maximum in row-major order wins ties, as in the general loop above.
        let k = 0;
        let m = v00;
        if (v01 > m) {
          m = v01;
          k = 1;
        }
        if (v10 > m) {
          m = v10;
          k = 2;
        }
        if (v11 > m) k = 3;
        dx[p00 + ch] = k === 0 ? d : 0;
        dx[p01 + ch] = k === 1 ? d : 0;
        dx[p10 + ch] = k === 2 ? d : 0;
        dx[p11 + ch] = k === 3 ? d : 0;
      }
    }
  }
}

/** `MaxPoolGrad` for the wasm backend. */
export const maxPoolGradConfig: KernelConfig = wasmKernel(MaxPoolGrad, maxPoolGrad);
