export type { BackendName } from './backend-loaders.js';
export { BACKEND_NAMES, BACKEND_ORDER } from './backend-loaders.js';
export { describeBackend } from './describe-backend.js';
export { BackendUnavailableError } from './errors/backend-unavailable-error.js';
export { ShapesRuntimeError } from './errors/shapes-runtime-error.js';
export { UnsupportedKernelError } from './errors/unsupported-kernel-error.js';
export type { BackendReport, SelectBackendOptions } from './select-backend.js';
export { currentPlatform, selectBackend } from './select-backend.js';
export { registerWasmTrainingKernels } from './wasm/register-training-kernels.js';
