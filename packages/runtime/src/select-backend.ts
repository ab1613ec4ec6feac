import * as tf from '@tensorflow/tfjs-core';
import type { AdapterDescription } from './adapter.js';
import {
  BACKEND_NAMES,
  BACKEND_ORDER,
  type BackendLoader,
  type BackendName,
  loadBackend,
} from './backend-loaders.js';
import { BackendUnavailableError } from './errors/backend-unavailable-error.js';

/** Ways to start backends that this package does not start by itself, by name (see `SelectBackendOptions`). */
export type BackendRoutes = Partial<Record<BackendName, BackendLoader>>;

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /**
   * Run this backend and no other; it is an error if it cannot run. Default: the environment variable
   * `SHAPES_BACKEND` in Node, else the fastest backend that loads.
   */
  backend?: string;
  /** Where the wasm backend's `.wasm` files are served from, for bundlers that do not copy them. */
  wasmPaths?: string;
  /**
   * Threads of the wasm backend. Node: default one per core; 1 runs tfjs's single-threaded build. Browsers:
   * default tfjs's own choice, half of `navigator.hardwareConcurrency` (one thread on two cores); pass
   * `navigator.hardwareConcurrency` for every core (a cross-origin isolated page runs tfjs's threaded build). Fixed
   * once wasm has started.
   */
  threads?: number;
  /**
   * More rungs for the ladder, by name: each is tried at its name's place in {@link BACKEND_NAMES} (fastest
   * first), instead of this package's own way of starting that backend. `@shapes/runtime/node`'s `dawnWebgpu()`
   * is one: it puts `webgpu` (tfjs's WebGPU backend on Dawn) between `tfjs-node` and `wasm` in Node.
   */
  routes?: BackendRoutes;
  /**
   * How to import an optional backend's package, by backend name, where this package cannot resolve it from its
   * own folder, e.g. `@tensorflow/tfjs-node` installed into one app of a pnpm workspace:
   * `{ 'tfjs-node': () => import('@tensorflow/tfjs-node') }`, written in that app.
   */
  imports?: Partial<Record<BackendName, () => Promise<unknown>>>;
  /** What the caller calls the `backend` option in messages, e.g. `--backend`. Default: "the backend option". */
  optionName?: string;
}

/** What {@link selectBackend} found: the backend that runs, and why each faster one did not. */
export interface BackendReport {
  /** The backend that runs now. */
  backend: BackendName;
  /** Its name inside tfjs (`tf.getBackend()`). */
  tfBackend: string;
  platform: 'node' | 'browser';
  /** Who chose it: the `backend` option, the `SHAPES_BACKEND` variable, or the automatic order. */
  chosenBy: 'option' | 'SHAPES_BACKEND' | 'fastest available';
  /** Faster backends that were tried and could not run, fastest first, each with the reason. */
  skipped: { backend: BackendName; reason: string }[];
  /** wasm only: whether its SIMD build runs (`null` for other backends). */
  simd: boolean | null;
  /** wasm only: how many threads it uses (`null` for other backends). */
  threads: number | null;
  /** The GPU adapter it runs on, where its route says (webgpu on Dawn). */
  adapter?: AdapterDescription;
}

/** `node` under Node.js, else `browser` (including web workers). */
export function currentPlatform(): 'node' | 'browser' {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return p?.versions?.node ? 'node' : 'browser';
}

/** The backends {@link selectBackend} tries on `platform`, fastest first: {@link BACKEND_ORDER}'s and the routes'. */
export function backendOrder(platform: 'node' | 'browser', routes: BackendRoutes = {}): BackendName[] {
  return BACKEND_NAMES.filter((name) => BACKEND_ORDER[platform].includes(name) || routes[name]);
}

/**
 * Picks and starts the fastest TensorFlow.js backend that runs here and reports the choice. Node tries
 * `tfjs-node-gpu`, `tfjs-node`, `wasm`, then `cpu` (and `webgpu` after `tfjs-node` with the Dawn route of
 * `@shapes/runtime/node`); browsers try `webgpu`, `webgl`, `wasm`, then `cpu`. Optional backends load only where
 * their package is installed. On wasm, the training kernels of this package are registered first, so models
 * train there.
 *
 * @example
 * const report = await selectBackend();
 * console.log(describeBackend(report)); // "backend: wasm (SIMD on, 2 threads); skipped tfjs-node-gpu (not installed ...), ..."
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendReport> {
  const platform = currentPlatform();
  const fromEnv = platform === 'node' ? envBackend() : undefined;
  const forced = options.backend ?? fromEnv;
  const chosenBy = options.backend ? 'option' : fromEnv ? 'SHAPES_BACKEND' : 'fastest available';
  const option = options.optionName ?? 'the backend option';
  const ladder = backendOrder(platform, options.routes);
  if (forced !== undefined && !BACKEND_NAMES.includes(forced as BackendName)) {
    const where = options.backend ? option.replace(/^the/, 'The') : 'SHAPES_BACKEND';
    throw new BackendUnavailableError(
      `${where} is "${forced}", which is not a backend. Use one of: ${ladder.join(', ')}.`,
    );
  }
  const order = forced ? [forced as BackendName] : ladder;
  const skipped: BackendReport['skipped'] = [];
  const ctx = { platform, wasmPaths: options.wasmPaths, threads: options.threads, imports: options.imports };
  for (const backend of order) {
    const route = options.routes?.[backend];
    const result = route ? await route(ctx) : await loadBackend(backend, ctx);
    if (!result.ok) {
      skipped.push({ backend, reason: result.reason });
      continue;
    }
    await tf.ready();
    const wasm = backend === 'wasm';
    return {
      backend,
      tfBackend: result.tfName,
      platform,
      chosenBy,
      skipped,
      simd: wasm ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null,
      threads: wasm ? await wasmThreads() : null,
      ...(result.adapter ? { adapter: result.adapter } : {}),
    };
  }
  if (forced) {
    const reason = (skipped[0]?.reason ?? 'unknown').replace(/\.$/, '');
    const how = chosenBy === 'option' ? option : 'SHAPES_BACKEND';
    throw new BackendUnavailableError(
      `The ${forced} backend was asked for (${how}) but cannot run here: ${reason}. ${
        chosenBy === 'option' ? `Leave ${option} out` : 'Unset SHAPES_BACKEND'
      } to use the fastest backend that runs.`,
    );
  }
  throw new BackendUnavailableError(
    `No TensorFlow.js backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}.`,
  );
}

function envBackend(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.SHAPES_BACKEND?.trim();
  return value ? value : undefined;
}

async function wasmThreads(): Promise<number> {
  if (!(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))) return 1;
  const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { getThreadsCount?: () => number };
  return wasm.getThreadsCount?.() ?? 1;
}
