import { backend_util, type KernelBackend, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs-core';
import { UnsupportedKernelError } from '../errors/unsupported-kernel-error.js';
import { wasmKernel } from './kernel-call.js';

type PadType = 'valid' | 'same' | number | backend_util.ExplicitPadding;

/** The convolution geometry the gradient kernels need, from tfjs's own shape logic. */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  filterHeight: number;
  filterWidth: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

/** The attributes of a convolution's gradient kernels that shape it. */
export interface ConvAttrs {
  strides: number | [number, number];
  pad: PadType;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat: string;
  dilations?: number | [number, number];
}

/** Checks the attributes the training kernels support and computes the geometry; anything else is an error. */
export function convGeometry(
  kernel: string,
  xShape: number[],
  filterShape: number[],
  { strides, pad, dimRoundingMode, dataFormat, dilations = 1 }: ConvAttrs,
): ConvGeometry {
  if (dataFormat !== 'NHWC') {
    throw new UnsupportedKernelError(
      `${kernel} on wasm supports NHWC (channelsLast) only, got ${dataFormat}.`,
    );
  }
  const d = typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (d[0] !== 1 || d[1] !== 1) {
    throw new UnsupportedKernelError(
      `${kernel} on wasm supports dilation 1 only, got [${d}]. Use an undilated convolution, or the cpu backend.`,
    );
  }
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    outChannels: info.outChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/**
 * The wasm registration of a convolution gradient: `shapes` picks the input's and the filter's shapes from the
 * kernel's inputs and attributes, and `run` gets the geometry {@link convGeometry} makes of them.
 */
export function convGradientKernel<I, A extends ConvAttrs>(
  kernelName: string,
  shapes: (inputs: I, attrs: A) => [x: number[], filter: number[]],
  run: (inputs: I, backend: KernelBackend, g: ConvGeometry, attrs: A) => TensorInfo,
): KernelConfig {
  return wasmKernel<I, A>(kernelName, ({ inputs, backend, attrs }) =>
    run(inputs, backend, convGeometry(kernelName, ...shapes(inputs, attrs), attrs), attrs),
  );
}
