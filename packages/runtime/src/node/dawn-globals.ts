/** Puts Dawn's `GPU*` classes on the global object (tfjs-backend-webgpu uses e.g. `GPUBufferUsage`). */
export function installGlobals(global: Record<string, unknown>, globals: object): () => void {
  const added = Object.keys(globals).filter((k) => !(k in global));
  Object.assign(global, globals);
  return () => {
    for (const k of added) delete global[k];
  };
}

/**
 * Sets `navigator.gpu` on `global`: on an existing `navigator` (Node 21 and later define one, without `gpu`), or
 * on a new one (Node 20 has none). Returns how to undo it.
 */
export function installNavigatorGpu(global: Record<string, unknown>, gpu: unknown): () => void {
  const existing = global.navigator as Record<string, unknown> | undefined;
  const [target, key, enumerable] =
    existing && typeof existing === 'object' ? [existing, 'gpu', true] : [global, 'navigator', false];
  const before = Object.getOwnPropertyDescriptor(target, key);
  const value = target === global ? { gpu } : gpu;
  Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable });
  return () => {
    if (before) Object.defineProperty(target, key, before);
    else delete target[key];
  };
}
