import * as tf from '@tensorflow/tfjs-core';
import type { AdapterDescription } from './adapter.js';
import { firstLine } from './first-line.js';
import { registerWasmTrainingKernels } from './wasm/register-training-kernels.js';
import { browserHelper, HELPER_SCRIPT, startKernelHelpers } from './wasm/simd/kernel-threads.js';

/** The backends `selectBackend` knows, by the npm package or tfjs name a user would recognise. */
export type BackendName = 'tfjs-node-gpu' | 'tfjs-node' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Every backend name, fastest first (routes of `selectBackend` are tried at their name's place). */
export const BACKEND_NAMES: readonly BackendName[] = [
  'tfjs-node-gpu',
  'tfjs-node',
  'webgpu',
  'webgl',
  'wasm',
  'cpu',
];

/** Fastest first, per platform. */
export const BACKEND_ORDER: Readonly<Record<'node' | 'browser', readonly BackendName[]>> = {
  node: ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'],
  browser: ['webgpu', 'webgl', 'wasm', 'cpu'],
};

/** What a loader needs to know beyond the name. */
export interface LoadContext {
  platform: 'node' | 'browser';
  /** Where the wasm backend's `.wasm` files are served from (browsers with a bundler that does not copy them). */
  wasmPaths?: string;
  /** wasm threads (Node default: one per core; browsers default: tfjs's choice, half the logical cores). */
  threads?: number;
  /** How to import a backend's package from elsewhere than this package's folder (see `selectBackend`). */
  imports?: Partial<Record<BackendName, () => Promise<unknown>>>;
}

/**
 * The backend now runs (`tfName` is its name inside tfjs; `adapter`, the GPU it runs on where the route knows
 * it), or why it cannot.
 */
export type LoadResult =
  | { ok: true; tfName: string; adapter?: AdapterDescription }
  | { ok: false; reason: string };

/** Starts one backend and makes it tfjs's current one, or says why it cannot: a rung of `selectBackend`'s ladder. */
export type BackendLoader = (ctx: LoadContext) => Promise<LoadResult>;

// wasm and cpu are required peers: literal specifiers, so bundlers include them. The others are optional
// peers, imported through a variable so that bundlers do not fail where they are absent; a browser app that
// wants webgl or webgpu imports that package itself, and the backend is then found already registered.
const required: Partial<Record<BackendName, () => Promise<unknown>>> = {
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};

function importOptional(specifier: string): Promise<unknown> {
  return import(/* @vite-ignore */ specifier);
}

const tfNames: Record<BackendName, string> = {
  'tfjs-node-gpu': 'tensorflow',
  'tfjs-node': 'tensorflow',
  webgpu: 'webgpu',
  webgl: 'webgl',
  wasm: 'wasm',
  cpu: 'cpu',
};

const packages: Record<BackendName, string> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  webgl: '@tensorflow/tfjs-backend-webgl',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/** Loads one backend and makes it tfjs's current one, or says why it cannot. */
export async function loadBackend(name: BackendName, ctx: LoadContext): Promise<LoadResult> {
  const browserOnly = name === 'webgpu' || name === 'webgl';
  const nodeOnly = name === 'tfjs-node' || name === 'tfjs-node-gpu';
  if (name === 'webgpu' && ctx.platform === 'node') {
    return {
      ok: false,
      reason: "runs in browsers, and in Node through @shapes/runtime/node's dawnWebgpu route",
    };
  }
  if (browserOnly && ctx.platform === 'node') return { ok: false, reason: 'runs in browsers only' };
  if (nodeOnly && ctx.platform === 'browser') return { ok: false, reason: 'runs in Node only' };
  if (name === 'webgpu' && !(globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) {
    return { ok: false, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
  }
  const tfName = tfNames[name];
  const result = await startBackend(name, tfName, ctx);
  // tfjs-node and tfjs-node-gpu both register `tensorflow`: one that failed half way must not pass for the other.
  if (!result.ok && tfName === 'tensorflow' && tf.findBackendFactory(tfName)) tf.removeBackend(tfName);
  return result;
}

async function startBackend(name: BackendName, tfName: string, ctx: LoadContext): Promise<LoadResult> {
  let module: unknown;
  if (name === 'wasm' || !tf.findBackendFactory(tfName)) {
    try {
      module = await (ctx.imports?.[name] ?? required[name] ?? (() => importOptional(packages[name])))();
    } catch (error) {
      return { ok: false, reason: importFailure(name, error, ctx) };
    }
  }
  let start = () => tf.setBackend(tfName);
  let started = async () => {};
  if (name === 'wasm') {
    const wasm = module as { setWasmPaths?: (p: string) => void; setThreadsCount?: (n: number) => void };
    if (ctx.wasmPaths) wasm.setWasmPaths?.(ctx.wasmPaths);
    registerWasmTrainingKernels();
    if (ctx.platform === 'node' && tf.engine().registry.wasm === undefined) {
      const { startThreadedWasm, nodeHelper, coreCount } = await import('./wasm/node-threads.js');
      const threads = ctx.threads ?? (await coreCount());
      if (threads > 1) {
        tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
        wasm.setThreadsCount?.(threads);
        start = () => startThreadedWasm(threads, () => tf.setBackend(tfName));
        started = () =>
          startKernelHelpers(tf.backend(), threads - 1, (data) => nodeHelper(HELPER_SCRIPT, data));
      }
    } else if (
      ctx.platform === 'browser' &&
      ctx.threads !== undefined &&
      tf.engine().registry.wasm === undefined
    ) {
      // tfjs sizes XNNPACK's pool from half of navigator.hardwareConcurrency while it starts (it assumes two
      // hyper-threads per core), whatever setThreadsCount says: one thread on a two-core machine. Its threaded
      // build only runs on cross-origin isolated pages.
      const threads = ctx.threads;
      wasm.setThreadsCount?.(threads);
      start = () => withHardwareConcurrency(threads * 2, () => tf.setBackend(tfName));
      started = () => startKernelHelpers(tf.backend(), threads - 1, browserHelper);
    }
  }
  try {
    if (!(await start())) {
      return { ok: false, reason: 'installed, but it failed to start (see the warning tfjs printed)' };
    }
  } catch (error) {
    return { ok: false, reason: `installed, but it failed to start: ${firstLine(error)}` };
  }
  if (name === 'wasm') {
    unrefThreads();
    await started();
  }
  return { ok: true, tfName };
}

/** Runs `f` while `navigator.hardwareConcurrency` reads `n`, then lets the browser's own value show again. */
async function withHardwareConcurrency<T>(n: number, f: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (!nav) return f();
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => n });
  try {
    return await f();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

// Emscripten keeps a Node worker referenced while its thread runs, and XNNPACK's pool threads never end: without
// this a script that trained on wasm would never exit.
function unrefThreads(): void {
  type Workers = { unref?: () => void }[];
  const backend = tf.engine().registry.wasm as
    | { wasm?: { PThread?: { runningWorkers?: Workers; unusedWorkers?: Workers } } }
    | undefined;
  const pthread = backend?.wasm?.PThread;
  for (const worker of [...(pthread?.runningWorkers ?? []), ...(pthread?.unusedWorkers ?? [])])
    worker.unref?.();
}

function importFailure(name: BackendName, error: unknown, ctx: LoadContext): string {
  const code = (error as { code?: string }).code;
  const message = firstLine(error);
  if (ctx.platform === 'browser') return `not bundled (import '${packages[name]}' in your app to use it)`;
  if (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)|Failed to resolve|Could not resolve/.test(message)
  ) {
    return `not installed (npm install ${packages[name]})`;
  }
  return `installed, but it failed to load: ${message}`;
}
