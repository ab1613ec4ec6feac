import {
  backend_util,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

type Inputs = { dy: TensorInfo; input: TensorInfo; output: TensorInfo };

/** The parts of tfjs's wasm backend this kernel uses: its heap views, as tfjs's own JS-side wasm kernels do. */
interface WasmBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/**
 * `MaxPoolGrad` for the wasm backend, computed in place on the wasm heap (no copy in or out). Each window's
 * gradient goes to its first maximum in row-major order, exactly as tfjs's cpu kernel does, so ties (flat image
 * regions) do not multiply it, and a pixel that is the maximum of several overlapping windows collects from each.
 *
 * Written by hand because nothing in the wasm backend does this right and fast: the stock kernel is slow and
 * wrong for overlapping or padded windows, `MaxPoolWithArgmax` returns index 0 for windows whose maximum is
 * negative and the last of tied maxima, and composing it from slices and transposes costs 100 to 700 ms a step
 * (all measured; see the tests and the README).
 */
function maxPoolGrad({
  inputs,
  backend,
  attrs,
}: {
  inputs: Inputs;
  backend: KernelBackend;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const wasm = backend as WasmBackend;
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
  dx.fill(0);
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

/** `MaxPoolGrad` for the wasm backend. */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
