import {
  backend_util,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { call, free, reshape, slice } from './kernel-call.js';

type Inputs = { dy: TensorInfo; input: TensorInfo; output: TensorInfo };

/**
 * `MaxPoolGrad` for the wasm backend from fast elementwise kernels. For each position (r, q) of the pooling
 * window, in row-major order, the input pixels at that position of every window are compared with the pooled
 * output; the gradient goes to the first position that holds the maximum, as in tfjs's cpu kernel, so ties
 * (flat image regions) do not multiply it. The stock wasm kernel is slower and, for overlapping or padded
 * windows, wrong (it disagrees with the cpu kernel and with a hand count; see the tests).
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
  const { dy, input, output } = inputs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo) => {
    temps.push(t);
    return t;
  };
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  // The padded input that the windows read exactly: (ho - 1) * s + f rows. Padding is -Infinity, never a max.
  const hp = (ho - 1) * sh + fh;
  const wp = (wo - 1) * sw + fw;
  let xp = input;
  const cutH = Math.min(h, hp - top);
  const cutW = Math.min(w, wp - left);
  if (cutH < h || cutW < w) xp = keep(slice(backend, xp, [0, 0, 0, 0], [n, cutH, cutW, c]));
  if (top > 0 || left > 0 || hp > top + cutH || wp > left + cutW) {
    const paddings = [
      [0, 0],
      [top, hp - top - cutH],
      [left, wp - left - cutW],
      [0, 0],
    ];
    xp = keep(call(backend, 'PadV2', { x: xp }, { paddings, constantValue: Number.NEGATIVE_INFINITY }));
  }

  // Per window position, the gradient of the pixels there: dy where that position is the window's first max.
  const parts: TensorInfo[][] = [];
  let taken: TensorInfo | undefined;
  for (let r = 0; r < fh; r++) {
    const row: TensorInfo[] = [];
    for (let q = 0; q < fw; q++) {
      const xi = keep(
        call(
          backend,
          'StridedSlice',
          { x: xp },
          {
            begin: [0, r, q, 0],
            end: [n, r + (ho - 1) * sh + 1, q + (wo - 1) * sw + 1, c],
            strides: [1, sh, sw, 1],
            beginMask: 0,
            endMask: 0,
            ellipsisMask: 0,
            newAxisMask: 0,
            shrinkAxisMask: 0,
          },
        ),
      );
      const hit = keep(call(backend, 'Equal', { a: xi, b: output }));
      let first = hit;
      if (taken) {
        const open = keep(call(backend, 'LogicalNot', { x: taken }));
        first = keep(call(backend, 'LogicalAnd', { a: hit, b: open }));
        if (r < fh - 1 || q < fw - 1) taken = keep(call(backend, 'LogicalOr', { a: taken, b: hit }));
      } else {
        taken = hit;
      }
      const mask = keep(call(backend, 'Cast', { x: first }, { dtype: 'float32' }));
      row.push(keep(call(backend, 'Multiply', { a: mask, b: dy })));
    }
    parts.push(row);
  }

  const gradP =
    sh === fh && sw === fw
      ? interleave(backend, parts, info, keep)
      : accumulate(backend, parts, info, hp, wp, keep);
  // Back from the padded frame to the input's; rows and columns no window reads get no gradient.
  let dx = slice(backend, gradP, [0, top, left, 0], [n, cutH, cutW, c]);
  if (cutH < h || cutW < w) {
    keep(dx);
    const paddings = [
      [0, 0],
      [0, h - cutH],
      [0, w - cutW],
      [0, 0],
    ];
    dx = call(backend, 'PadV2', { x: dx }, { paddings, constantValue: 0 });
  }
  free(backend, ...temps);
  return dx;
}

// Windows that tile the frame (stride = size): the parts interleave into it with reshapes and concatenations.
function interleave(
  backend: KernelBackend,
  parts: TensorInfo[][],
  info: backend_util.Conv2DInfo,
  keep: (t: TensorInfo) => TensorInfo,
): TensorInfo {
  const {
    batchSize: n,
    outHeight: ho,
    outWidth: wo,
    inChannels: c,
    filterHeight: fh,
    filterWidth: fw,
  } = info;
  const rows = parts.map((row) => {
    const six = row.map((p) => keep(reshape(backend, p, [n, ho, 1, wo, 1, c])));
    return six.length === 1 ? (six[0] as TensorInfo) : keep(call(backend, 'Concat', six, { axis: 4 }));
  });
  const all = rows.length === 1 ? (rows[0] as TensorInfo) : keep(call(backend, 'Concat', rows, { axis: 2 }));
  return keep(reshape(backend, all, [n, ho * fh, wo * fw, c]));
}

// Overlapping or gapped windows: each part is spread out by the stride, shifted to its window position, and
// summed (a pixel in several windows collects from each).
function accumulate(
  backend: KernelBackend,
  parts: TensorInfo[][],
  info: backend_util.Conv2DInfo,
  hp: number,
  wp: number,
  keep: (t: TensorInfo) => TensorInfo,
): TensorInfo {
  const {
    batchSize: n,
    outHeight: ho,
    outWidth: wo,
    inChannels: c,
    strideHeight: sh,
    strideWidth: sw,
  } = info;
  const spanH = (ho - 1) * sh + 1;
  const spanW = (wo - 1) * sw + 1;
  let sum: TensorInfo | undefined;
  parts.forEach((row, r) => {
    row.forEach((part, q) => {
      let spread = part;
      if (sh > 1 || sw > 1) {
        const six = keep(reshape(backend, part, [n, ho, 1, wo, 1, c]));
        const paddings = [
          [0, 0],
          [0, 0],
          [0, sh - 1],
          [0, 0],
          [0, sw - 1],
          [0, 0],
        ];
        const wide = keep(call(backend, 'PadV2', { x: six }, { paddings, constantValue: 0 }));
        const flat = keep(reshape(backend, wide, [n, ho * sh, wo * sw, c]));
        spread = keep(slice(backend, flat, [0, 0, 0, 0], [n, spanH, spanW, c]));
      }
      const paddings = [
        [0, 0],
        [r, hp - r - spanH],
        [q, wp - q - spanW],
        [0, 0],
      ];
      const placed = keep(call(backend, 'PadV2', { x: spread }, { paddings, constantValue: 0 }));
      sum = sum ? keep(call(backend, 'Add', { a: sum, b: placed })) : placed;
    });
  });
  return sum as TensorInfo;
}

/** `MaxPoolGrad` for the wasm backend. */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelFunc,
};
