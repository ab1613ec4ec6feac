import {
  backend_util,
  Conv2D,
  type Conv2DAttrs,
  FusedConv2D,
  type FusedConv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { free, type KernelArgs, wasmKernel } from './kernel-call.js';
import { runShared, threadsFor } from './simd/kernel-threads.js';
import { backendMemory, jobFields, type SimdKernels, simdKernels } from './simd/simd-kernels.js';
import type { WasmHeapBackend } from './wasm-heap.js';
import { winograd, winogradTakes } from './winograd.js';

type Inputs = { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };

/**
 * `Conv2D` and `FusedConv2D` for the wasm backend, for output channels in eights (with a bias and relu or no
 * activation, fused), on every thread: 3x3 convolutions of stride 1 with input channels in fours by our Winograd
 * kernel (winograd.ts), which makes fewer than half of XNNPACK's products, and convolutions of few filter rows
 * (first layers) by our direct kernel. Every other convolution goes to the stock kernel (XNNPACK).
 */
function convKernel(kernelName: string, stock: KernelFunc): KernelConfig {
  const kernelFunc = (args: KernelArgs<Inputs, Conv2DAttrs & Partial<FusedConv2DAttrs>>) => {
    const { inputs, backend, attrs } = args;
    const { x, filter, bias, preluActivationWeights } = inputs;
    const activation = attrs.activation ?? 'linear';
    const toStock = () => stock(args as unknown as Parameters<KernelFunc>[0]);
    if (x.dtype !== 'float32' || attrs.dataFormat !== 'NHWC' || preluActivationWeights) return toStock();
    if (activation !== 'linear' && activation !== 'relu') return toStock();
    const [fh, fw, ci, co] = filter.shape as [number, number, number, number];
    if (co % 8 !== 0 || (bias && (bias.shape.length !== 1 || bias.shape[0] !== co))) return toStock();
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    if (info.dilationHeight !== 1 || info.dilationWidth !== 1) return toStock();
    const simd = simdKernels(backend);
    if (!simd) return toStock();
    const heap = backend as WasmHeapBackend;
    const relu = activation === 'relu';
    const stride1 = info.strideHeight === 1 && info.strideWidth === 1;
    if (fh !== 3 || fw !== 3 || !stride1 || !winogradTakes(ci, co)) {
      return fh * fw * ci <= DIRECT_MAX_ROWS ? direct(heap, simd, x, filter, bias, info, relu) : toStock();
    }
    return winograd(heap, simd, x, {
      batch: info.batchSize,
      inHeight: info.inHeight,
      inWidth: info.inWidth,
      inChannels: ci,
      outChannels: co,
      outHeight: info.outHeight,
      outWidth: info.outWidth,
      padTop: info.padInfo.top,
      padLeft: info.padInfo.left,
      filter,
      rotated: false,
      bias,
      relu,
    });
  };
  return wasmKernel(kernelName, kernelFunc);
}

/**
 * Filter rows (taps x input channels) up to which our direct kernel takes a convolution: a first layer on gray
 * images (9 or 25), which Winograd does not take (its transforms would cost more than its products save) and
 * XNNPACK runs at a fraction of its speed on other layers (1.9 ms for bench-cnn's 64x64x1->16, noisy).
 */
const DIRECT_MAX_ROWS = 64;

// kernels.wat's directConv, output rows shared between the threads.
function direct(
  heap: WasmHeapBackend,
  simd: SimdKernels,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | undefined,
  info: backend_util.Conv2DInfo,
  relu: boolean,
): TensorInfo {
  const { batchSize: batch, inHeight: h, inWidth: w, inChannels: ci, outHeight: ho, outWidth: wo } = info;
  const { filterHeight: fh, filterWidth: fw, strideHeight: sh, strideWidth: sw, outChannels: co } = info;
  const rows = fh * fw * ci;
  // X padded so that every window lies inside it, with whole fours of windows along each row.
  const hp = (ho - 1) * sh + fh;
  const wp = (Math.ceil(wo / 4) * 4 - 1) * sw + fw;
  const memory = backendMemory(heap);
  const padded = heap.makeOutput([batch * hp * wp * ci], 'float32');
  const offsets = heap.makeOutput([rows], 'float32');
  const zeros = bias ? undefined : heap.makeOutput([co], 'float32');
  const out = heap.makeOutput(info.outShape, 'float32');
  // Views after the allocations: they may grow (and so replace) the heap.
  const at = (t: TensorInfo) => heap.typedArrayFromHeap(t).byteOffset;
  simd.padImages(at(x), at(padded), batch, h, w, 4 * ci, info.padInfo.top, info.padInfo.left, hp, wp);
  const offs = new Int32Array(heap.typedArrayFromHeap(offsets).buffer, at(offsets), rows);
  for (let r = 0; r < rows; r++) {
    const i = r % ci;
    const tap = (r - i) / ci;
    offs[r] = 4 * ((((tap - (tap % fw)) / fw) * wp + (tap % fw)) * ci + i);
  }
  if (zeros) {
    const z = heap.typedArrayFromHeap(zeros);
    for (let i = 0; i < co; i++) z[i] = 0;
  }
  const fields = jobFields(heap, [
    at(padded),
    at(offsets),
    at(filter),
    at(bias ?? (zeros as TensorInfo)),
    at(out),
    co,
    rows,
    wo,
    ho,
    4 * sw * ci,
    4 * sh * wp * ci,
    4 * hp * wp * ci,
    relu ? 1 : 0,
  ]);
  const rowsOut = batch * ho;
  runShared(simd, memory, 'directConv', fields, rowsOut, threadsFor(memory, rowsOut * wo * co));
  free(heap, padded, offsets);
  if (zeros) free(heap, zeros);
  return out;
}

/** `Conv2D` for the wasm backend, around the stock kernel. */
export function conv2DKernel(stock: KernelFunc): KernelConfig {
  return convKernel(Conv2D, stock);
}

/** `FusedConv2D` for the wasm backend, around the stock kernel. */
export function fusedConv2DKernel(stock: KernelFunc): KernelConfig {
  return convKernel(FusedConv2D, stock);
}
