import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  registerGradient,
  registerKernel,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import { adamConfig, fuseAdamOnWasm } from './adam.js';
import { addKernel } from './bias-add.js';
import { castKernel } from './cast.js';
import { conv2DKernel, fusedConv2DKernel } from './conv2d.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { identityConfig } from './identity.js';
import { maxPoolKernel } from './max-pool.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { meanGradConfig, meanGradient, meanKernel } from './mean.js';
import { reluGradConfig, reluGradient, reluKernel } from './relu.js';
import { sliceKernel } from './slice.js';
import { sumKernel } from './sum.js';

let registered = false;

/**
 * Registers the training kernels of `@shapes/runtime` for tfjs's wasm backend (see the README's table):
 * `Conv2DBackpropFilter` (missing from it); faster `Conv2D`, `FusedConv2D`, `Conv2DBackpropInput`, `MaxPool`,
 * `Sum`, `Mean`, `Add` (bias) and `Relu` for the cases they take, the stock kernels for the rest; a `MaxPoolGrad`
 * that is also right for overlapping windows; `Identity`, `Cast` and `Slice` that share data instead of copying
 * it; one-kernel gradients of `Relu` and `Mean` (registered for every backend, tfjs's own elsewhere than wasm); and
 * one kernel for each step of tfjs's `AdamOptimizer` on wasm. Import `@tensorflow/tfjs-backend-wasm` first. Safe
 * to call more than once; `selectBackend` calls it whenever it picks wasm, and starts the helper threads our
 * kernels share their work with on the threaded build (without them, they run on the calling thread alone).
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  if (!getKernel('Conv2D', 'wasm')) {
    throw new BackendUnavailableError(
      'The wasm backend is not loaded: import "@tensorflow/tfjs-backend-wasm" before registering its training kernels.',
    );
  }
  const replace = (config: KernelConfig) => {
    if (getKernel(config.kernelName, 'wasm')) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  };
  replace(conv2DBackpropFilterConfig);
  replace(conv2DBackpropInputConfig);
  replace(maxPoolGradConfig);
  replace(identityConfig);
  // Kernels that take some cases and leave the rest to the stock kernel, whose setup (run when the backend starts)
  // stays with them.
  const around = (name: string, ours: (stock: KernelFunc) => KernelConfig) => {
    const stock = getKernel(name, 'wasm');
    if (stock) replace({ ...ours(stock.kernelFunc), setupFunc: stock.setupFunc });
  };
  around('Sum', sumKernel);
  around('Mean', meanKernel);
  around('Cast', castKernel);
  around('Slice', sliceKernel);
  around('Add', addKernel);
  around('Relu', reluKernel);
  around('MaxPool', maxPoolKernel);
  around('Conv2D', conv2DKernel);
  around('FusedConv2D', fusedConv2DKernel);
  replace(reluGradConfig);
  registerGradient(reluGradient());
  replace(meanGradConfig);
  registerGradient(meanGradient());
  replace(adamConfig);
  fuseAdamOnWasm();
  registered = true;
}
