import {
  type GradConfig,
  getBackend,
  getGradient,
  type NamedAttrMap,
  type Tensor,
} from '@tensorflow/tfjs-core';

/**
 * A gradient of `kernelName` (whose one input is `x`) that runs `ours` where the backend is wasm and `ours` takes
 * the case (it returns the gradient of `x`, or undefined to decline), and tfjs's own registered gradient
 * everywhere else: registering a gradient replaces tfjs's for every backend, so the stock one must stay reachable.
 */
export function overrideGradient(
  kernelName: string,
  ours: (dy: Tensor, x: Tensor, attrs: NamedAttrMap) => (() => Tensor) | undefined,
): GradConfig {
  const stock = getGradient(kernelName);
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs) => {
      const [x] = saved as [Tensor];
      const grad = getBackend() === 'wasm' ? ours(dy as Tensor, x, attrs) : undefined;
      if (grad) return { x: grad };
      if (stock) return stock.gradFunc(dy, saved, attrs);
      throw new Error(`No gradient registered for ${kernelName}.`);
    },
  };
}
