import {
  type backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry } from './conv-attrs.js';
import { call, free, slice, transpose } from './kernel-call.js';

/**
 * The filter gradient of a 2-D convolution as ONE forward convolution, run by XNNPACK: with batch and channels
 * swapped, dW[a, b, i, o] = sum over n, y, x of X[n, s*y + a - pad, s*x + b - pad, i] * dY[n, y, x, o] is a
 * convolution of X as [ci, h, w, n] with dY as a [ho, wo, n, co] filter dilated by the stride, whose output is
 * [ci, fh, fw, co]. The wasm backend has no kernel of its own for it (tfjs issue #8474).
 */
function conv2DBackpropFilter({
  inputs,
  backend,
  attrs,
}: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: KernelBackend;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { x, dy } = inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
  const g = convGeometry(
    Conv2DBackpropFilter,
    x.shape,
    filterShape,
    strides,
    pad,
    dimRoundingMode,
    dataFormat,
  );
  // Padding that makes the dilated convolution's output exactly fh x fw; a negative amount means input rows or
  // columns that no output reads (valid padding with a stride), which are cut off instead.
  let bottom = g.filterHeight + (g.outHeight - 1) * g.strideHeight - g.inHeight - g.padTop;
  let right = g.filterWidth + (g.outWidth - 1) * g.strideWidth - g.inWidth - g.padLeft;
  const temps: TensorInfo[] = [];
  let xs = x;
  if (bottom < 0 || right < 0) {
    xs = slice(
      backend,
      x,
      [0, 0, 0, 0],
      [g.batch, g.inHeight + Math.min(bottom, 0), g.inWidth + Math.min(right, 0), g.inChannels],
    );
    temps.push(xs);
    bottom = Math.max(bottom, 0);
    right = Math.max(right, 0);
  }
  const xt = transpose(backend, xs, [3, 1, 2, 0]);
  const dyt = transpose(backend, dy, [1, 2, 0, 3]);
  const padding: backend_util.ExplicitPadding = [
    [0, 0],
    [g.padTop, bottom],
    [g.padLeft, right],
    [0, 0],
  ];
  const out = call(
    backend,
    'Conv2D',
    { x: xt, filter: dyt },
    { strides: 1, pad: padding, dataFormat: 'NHWC', dilations: [g.strideHeight, g.strideWidth] },
  );
  const dw = transpose(backend, out, [1, 2, 0, 3]);
  free(backend, ...temps, xt, dyt, out);
  return dw;
}

/** `Conv2DBackpropFilter` for the wasm backend. */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
