import type {
  backend_util,
  Conv2DBackpropInputAttrs,
  KernelBackend,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { Conv2DBackpropInput } from '@tensorflow/tfjs-core';
import { UnsupportedKernelError } from '../errors/unsupported-kernel-error.js';
import { type ConvGeometry, convGradientKernel } from './conv-attrs.js';
import { call, free, reshape, slice, transpose } from './kernel-call.js';
import { simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';
import { winograd, winogradTakes } from './winograd.js';

type Inputs = { dy: TensorInfo; filter: TensorInfo };

/**
 * The input gradient of a 2-D convolution as one forward convolution (the stock wasm kernel is a plain loop,
 * several times slower): dY, spread out by the stride with zeros between its pixels, convolved with the filter
 * rotated by 180 degrees and its channel axes swapped. Our Winograd kernel runs it for 3x3 filters of stride 1
 * (winograd.ts), XNNPACK every other one.
 */
function conv2DBackpropInput({ dy, filter }: Inputs, backend: KernelBackend, g: ConvGeometry): TensorInfo {
  const top = g.filterHeight - 1 - g.padTop;
  const left = g.filterWidth - 1 - g.padLeft;
  const simd =
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.filterHeight === 3 &&
    g.filterWidth === 3 &&
    top >= 0 &&
    left >= 0 &&
    winogradTakes(g.outChannels, g.inChannels)
      ? simdKernels(backend)
      : undefined;
  if (simd) {
    // Our Winograd kernel turns the filter and swaps its channel axes as it transforms it: no copies of it.
    return winograd(backend as WasmHeapBackend, simd, dy, {
      batch: g.batch,
      inHeight: g.outHeight,
      inWidth: g.outWidth,
      inChannels: g.outChannels,
      outChannels: g.inChannels,
      outHeight: g.inHeight,
      outWidth: g.inWidth,
      padTop: top,
      padLeft: left,
      filter,
      rotated: true,
      relu: false,
    });
  }
  const temps: TensorInfo[] = [];
  let spread = dy;
  let spreadHeight = g.outHeight;
  let spreadWidth = g.outWidth;
  if (g.strideHeight > 1 || g.strideWidth > 1) {
    // [n, ho, 1, wo, 1, co] padded to [n, ho, sh, wo, sw, co] puts s - 1 zeros after each pixel.
    const d6 = reshape(backend, dy, [g.batch, g.outHeight, 1, g.outWidth, 1, g.outChannels]);
    const padded = call(
      backend,
      'PadV2',
      { x: d6 },
      {
        paddings: [
          [0, 0],
          [0, 0],
          [0, g.strideHeight - 1],
          [0, 0],
          [0, g.strideWidth - 1],
          [0, 0],
        ],
        constantValue: 0,
      },
    );
    spreadHeight = g.outHeight * g.strideHeight;
    spreadWidth = g.outWidth * g.strideWidth;
    spread = reshape(backend, padded, [g.batch, spreadHeight, spreadWidth, g.outChannels]);
    temps.push(d6, padded, spread);
  }
  if (top < 0 || left < 0) {
    free(backend, ...temps);
    throw new UnsupportedKernelError(
      `${Conv2DBackpropInput} on wasm: padding larger than the filter (${g.padTop}, ${g.padLeft} for a ${g.filterHeight}x${g.filterWidth} filter) is not supported; use 'same' or 'valid'.`,
    );
  }
  let bottom = g.inHeight + g.filterHeight - 1 - spreadHeight - top;
  let right = g.inWidth + g.filterWidth - 1 - spreadWidth - left;
  if (bottom < 0 || right < 0) {
    // Trailing zeros of the spread (or rows no input pixel reaches) that would overshoot the input's size.
    const cut = slice(
      backend,
      spread,
      [0, 0, 0, 0],
      [g.batch, spreadHeight + Math.min(bottom, 0), spreadWidth + Math.min(right, 0), g.outChannels],
    );
    temps.push(cut);
    spread = cut;
    bottom = Math.max(bottom, 0);
    right = Math.max(right, 0);
  }
  const reversed = call(backend, 'Reverse', { x: filter }, { dims: [0, 1] });
  const rotated = transpose(backend, reversed, [0, 1, 3, 2]);
  const padding: backend_util.ExplicitPadding = [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
  const dx = call(
    backend,
    'Conv2D',
    { x: spread, filter: rotated },
    { strides: 1, pad: padding, dataFormat: 'NHWC', dilations: 1 },
  );
  free(backend, ...temps, reversed, rotated);
  return dx;
}

/** `Conv2DBackpropInput` for the wasm backend. */
export const conv2DBackpropInputConfig = convGradientKernel<Inputs, Conv2DBackpropInputAttrs>(
  Conv2DBackpropInput,
  ({ filter }, { inputShape }) => [inputShape, filter.shape],
  conv2DBackpropInput,
);
