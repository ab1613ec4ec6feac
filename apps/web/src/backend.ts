import { type BackendName, type BackendReport, describeBackend, selectBackend } from '@shapes/runtime';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
// Registers webgpu where the browser has it, and webgl; @shapes/runtime loads wasm and cpu itself.
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';

// Vite gives each .wasm file a hashed URL; tfjs would otherwise look for them beside the script.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** What the backend picker offers: the browser's backends, fastest first, and `auto` for the fastest that runs. */
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Starts `choice` (or the fastest backend that runs) and says what runs and why faster ones did not. */
export async function startBackend(choice: BackendChoice): Promise<{ report: BackendReport; text: string }> {
  // Every core: tfjs alone would take half of them, one thread on a two-core machine.
  const threads = navigator.hardwareConcurrency || 1;
  const report = await selectBackend(
    choice === 'auto' ? { threads } : { backend: choice as BackendName, threads },
  );
  return { report, text: describeBackend(report) };
}

/** The `?backend=` of the page's URL, if it names a choice. */
export function backendFromUrl(search: string): BackendChoice {
  const value = new URLSearchParams(search).get('backend') ?? 'auto';
  return (BACKEND_CHOICES as readonly string[]).includes(value) ? (value as BackendChoice) : 'auto';
}
