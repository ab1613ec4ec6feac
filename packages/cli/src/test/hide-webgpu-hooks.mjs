// Module hooks of hide-webgpu.mjs.

/** Resolves `webgpu` as Node resolves a package that is not installed; everything else as usual. */
export async function resolve(specifier, context, next) {
  if (specifier === 'webgpu' || specifier.startsWith('webgpu/')) {
    const error = new Error(`Cannot find package 'webgpu' imported from ${context.parentURL}`);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}
