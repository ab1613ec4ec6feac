import type { CpuInfo } from 'node:os';

// Node's modules are imported where they are used, not at the top: a browser bundle that inlines this file must
// still load (it never runs this code).
const node = async () => ({
  fs: await import('node:fs'),
  module: await import('node:module'),
  os: (await import('node:os')).default,
  path: await import('node:path'),
});

/**
 * Starts tfjs's multi-threaded wasm build (XNNPACK on a pthread pool) in Node, where tfjs itself always runs
 * the single-threaded one. `start` is the call that initialises the backend (`tf.setBackend('wasm')`).
 *
 * Three things stand in the way in tfjs-backend-wasm 4.22, each worked around for the duration of `start` only:
 * - it reports no thread support under Node (flag `WASM_HAS_MULTITHREAD_SUPPORT`): the caller sets the flag;
 * - it hands Emscripten its pthread worker as a `blob:` URL, which Node's `Worker` refuses: we write the same
 *   worker script to a file (with its main script loaded by `require` instead of from a Blob) and answer
 *   `URL.createObjectURL` for that one Blob with the file's path;
 * - it caps the pool at half of `os.cpus().length` (assuming two hyper-threads per core), so one thread on a
 *   two-core machine: `os.cpus()` answers with `threads * 2` entries while the module starts.
 * Measured on 2 cores: a 32x64x64x16 -> 32 convolution takes 64 ms on 2 threads against 93-110 ms on one.
 */
export async function startThreadedWasm<T>(threads: number, start: () => Promise<T>): Promise<T> {
  const { fs, module, os, path } = await node();
  const { dirname, join } = path;
  const require = module.createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const { wasmWorkerContents } = require(
    join(wasmDir, 'wasm-out/tfjs-backend-wasm-threaded-simd.worker.js'),
  ) as {
    wasmWorkerContents: string;
  };
  const worker = workerFile(
    fs,
    os.tmpdir(),
    join,
    wasmWorkerContents,
    join(wasmDir, 'wasm-out/tfjs-backend-wasm-threaded-simd.js'),
  );
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = (blob: Blob) =>
    blob?.type === 'application/javascript' ? worker : createObjectURL.call(URL, blob);
  const real = cpus();
  os.cpus = () => Array.from({ length: 2 * threads }, (_, i) => real[i % real.length] as CpuInfo);
  try {
    return await start();
  } finally {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  }
}

/**
 * A Node worker running `script` (simd/kernel-threads.ts's helper) with `workerData`, which does not keep the
 * process alive. (This file imports nothing of ours: it is a chunk of its own, left out of browser bundles.)
 */
export async function nodeHelper(
  script: string,
  workerData: unknown,
): Promise<{ once(event: 'ready', listener: () => void): void }> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(script, { eval: true, workerData });
  worker.unref();
  return { once: (_event, listener) => worker.once('message', listener) };
}

/** Cores this process may use: the default number of wasm threads. */
export async function coreCount(): Promise<number> {
  return (await node()).os.availableParallelism();
}

// The worker script, written once per tfjs version into the temporary folder (atomically: workers of other
// processes may be reading it).
function workerFile(
  fs: typeof import('node:fs'),
  tmpDir: string,
  join: (...parts: string[]) => string,
  contents: string,
  factory: string,
): string {
  const { existsSync, mkdirSync, renameSync, writeFileSync } = fs;
  const dir = join(tmpDir, 'shapes-runtime');
  const path = join(dir, `tfjs-wasm-worker-${hash(contents + factory)}.cjs`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  // Blob URLs do not resolve in a Node worker: load the module factory from its file instead.
  const loadFactory = `;{const load=global.importScripts;global.importScripts=(f)=>String(f).startsWith("blob:")?(global.WasmBackendModuleThreadedSimd=require(${JSON.stringify(factory)})):load(f);}\n`;
  // tfjs escapes newlines the same way before making its Blob: the script holds "\n" inside string literals.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, contents.replace(/\n/g, '\\n') + loadFactory);
  renameSync(tmp, path);
  return path;
}

function hash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}
