import { type BackendReport, type BackendRoutes, backendOrder, selectBackend } from '@shapes/runtime';
import { dawnWebgpu } from '@shapes/runtime/node';

// The webgpu rung: tfjs's WebGPU backend on Dawn (the optional `webgpu` package), probed in a child process first.
const routes: BackendRoutes = { webgpu: dawnWebgpu() };

// tfjs-node and tfjs-node-gpu are installed into this app (see the README), out of reach of @shapes/runtime's own
// imports in a pnpm workspace: imported from here, through a variable so the bundle leaves them alone.
const importHere = (specifier: string) => () => import(specifier);
const imports = {
  'tfjs-node-gpu': importHere('@tensorflow/tfjs-node-gpu'),
  'tfjs-node': importHere('@tensorflow/tfjs-node'),
};

/** The backends the app tries, fastest first: tfjs-node-gpu, tfjs-node, webgpu (on Dawn), wasm, cpu. */
export const BACKENDS: readonly string[] = backendOrder('node', routes);

/**
 * Starts the fastest backend that runs here, or the one `--backend` (else `SHAPES_BACKEND`) names, through
 * `@shapes/runtime`'s ladder, and reports why each faster one did not run.
 *
 * @throws BackendUnavailableError when the backend asked for cannot run here (the message has the reason).
 */
export function startBackend(backend?: string): Promise<BackendReport> {
  return selectBackend({ backend, optionName: '--backend', routes, imports });
}
