import { getKernel, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../errors/backend-unavailable-error.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { identityConfig } from './identity.js';
import { maxPoolGradConfig } from './max-pool-grad.js';
import { sumKernel } from './sum.js';

let registered = false;

/**
 * Registers the training kernels of `@shapes/runtime` for tfjs's wasm backend: `Conv2DBackpropFilter` (missing
 * from it), a faster `Conv2DBackpropInput`, a faster `MaxPoolGrad` that is also right for overlapping windows, an
 * `Identity` that shares data instead of copying it, and a `Sum` that computes bias gradients without a
 * transpose. Import `@tensorflow/tfjs-backend-wasm` first. Safe to call more than once; `selectBackend` calls it
 * whenever it picks wasm.
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
  const stockSum = getKernel('Sum', 'wasm');
  // The stock kernel still serves every other reduction, so its setup (run when the backend starts) stays too.
  if (stockSum) replace({ ...sumKernel(stockSum.kernelFunc), setupFunc: stockSum.setupFunc });
  registered = true;
}
