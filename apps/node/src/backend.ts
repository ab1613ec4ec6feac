import { existsSync } from 'node:fs';
import { type BackendReport, BackendUnavailableError, describeBackend, selectBackend } from '@shapes/runtime';
import * as tf from '@tensorflow/tfjs-core';
import {
  type AdapterDescription,
  adapterName,
  DAWN_PROBE_SCRIPT,
  type DawnOptions,
  type DawnResult,
  probeDawnInChild,
  startDawnBackend,
} from './dawn.js';
import { BackendStartError, UsageError } from './errors.js';

/** The backends this app can run on, by the name a user would recognise. */
export type AppBackend = 'tfjs-node-gpu' | 'tfjs-node' | 'webgpu' | 'wasm' | 'cpu';

/** Fastest first: the order the app tries them in. */
export const APP_BACKEND_ORDER: readonly AppBackend[] = [
  'tfjs-node-gpu',
  'tfjs-node',
  'webgpu',
  'wasm',
  'cpu',
];

/** What runs, who chose it, and why each faster backend did not. Printed at start and saved in results.json. */
export interface AppBackendReport {
  backend: AppBackend;
  /** Its name inside tfjs (`tf.getBackend()` right after it started). */
  tfBackend: string;
  chosenBy: 'option' | 'SHAPES_BACKEND' | 'fastest available';
  /** Faster backends that were tried and could not run, fastest first, each with the reason. */
  skipped: { backend: AppBackend; reason: string }[];
  /** wasm only: whether its SIMD build runs (`null` otherwise). */
  simd: boolean | null;
  /** wasm only: how many threads it uses (`null` otherwise). */
  threads: number | null;
  /** webgpu only: the adapter Dawn gave. */
  adapter?: AdapterDescription;
}

/** Starts one backend: ok, or the reason it cannot run. */
export type BackendAttempt =
  | {
      ok: true;
      tfBackend: string;
      simd?: boolean | null;
      threads?: number | null;
      adapter?: AdapterDescription;
    }
  | { ok: false; reason: string };

/** How each backend is started; tests replace some. */
export type BackendStarters = Record<AppBackend, () => Promise<BackendAttempt>>;

/** Options of {@link startBestBackend}. */
export interface StartBackendOptions {
  /** `--backend`: run this one or fail. */
  backend?: string;
  /** Where `SHAPES_BACKEND` is read. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Options of the Dawn route (see `startDawnBackend`). */
  dawn?: DawnOptions;
  /** The built dawn-probe.js that probes Dawn in a child process. Default: the one beside this module. */
  dawnProbeScript?: string;
  /** Replaces the starters of some backends (tests). */
  starters?: Partial<BackendStarters>;
}

/**
 * Starts the fastest backend that runs here, in the order tfjs-node-gpu, tfjs-node, webgpu (Dawn), wasm, cpu,
 * and reports why each faster one did not. `--backend` (or `SHAPES_BACKEND`) asks for one backend and no other.
 *
 * @throws UsageError when the backend asked for is not one of {@link APP_BACKEND_ORDER}.
 * @throws BackendStartError when the backend asked for cannot run here (the message has the reason), or none can.
 */
export async function startBestBackend(options: StartBackendOptions = {}): Promise<AppBackendReport> {
  const env = options.env ?? process.env;
  const fromEnv = env.SHAPES_BACKEND?.trim() || undefined;
  const forced = options.backend ?? fromEnv;
  const chosenBy =
    options.backend !== undefined ? 'option' : fromEnv ? 'SHAPES_BACKEND' : 'fastest available';
  if (forced !== undefined && !APP_BACKEND_ORDER.includes(forced as AppBackend)) {
    const where = options.backend !== undefined ? '--backend' : 'SHAPES_BACKEND';
    throw new UsageError(
      `${where}: "${forced}" is not a backend. Use one of: ${APP_BACKEND_ORDER.join(', ')}.`,
    );
  }
  const starters: BackendStarters = {
    ...defaultStarters(options.dawn, options.dawnProbeScript),
    ...options.starters,
  };
  const order = forced ? [forced as AppBackend] : APP_BACKEND_ORDER;
  const skipped: AppBackendReport['skipped'] = [];
  for (const backend of order) {
    const attempt = await starters[backend]();
    if (!attempt.ok) {
      skipped.push({ backend, reason: attempt.reason });
      continue;
    }
    return {
      backend,
      tfBackend: attempt.tfBackend,
      chosenBy,
      skipped,
      simd: attempt.simd ?? null,
      threads: attempt.threads ?? null,
      ...(attempt.adapter ? { adapter: attempt.adapter } : {}),
    };
  }
  if (forced) {
    const how = chosenBy === 'option' ? 'Leave --backend out' : 'Unset SHAPES_BACKEND';
    throw new BackendStartError(
      `The ${forced} backend was asked for (${chosenBy === 'option' ? '--backend' : 'SHAPES_BACKEND'}) but cannot run here: ${skipped[0]?.reason ?? 'unknown'}. ${how} to use the fastest backend that runs.`,
    );
  }
  throw new BackendStartError(
    `No TensorFlow.js backend could start: ${skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ')}.`,
  );
}

/** One line for people, `@shapes/runtime`'s: what runs, and why each faster backend was skipped. */
export function describeAppBackend(report: AppBackendReport): string {
  const line = describeBackend({ ...report, platform: 'node' });
  // Which GPU Dawn found is the first thing to know when the webgpu route runs.
  return report.adapter
    ? line.replace('backend: webgpu', `backend: webgpu on Dawn (${adapterName(report.adapter)})`)
    : line;
}

function defaultStarters(dawn: DawnOptions | undefined, probeScript: string | undefined): BackendStarters {
  return {
    'tfjs-node-gpu': () => startTfjsNode('tfjs-node-gpu'),
    'tfjs-node': () => startTfjsNode('tfjs-node'),
    webgpu: () => startWebgpu(dawn, probeScript),
    wasm: () => startFromRuntime('wasm'),
    cpu: () => startFromRuntime('cpu'),
  };
}

function fromDawn(result: DawnResult): BackendAttempt {
  return result.ok
    ? { ok: true, tfBackend: 'webgpu', adapter: result.adapter }
    : { ok: false, reason: result.reason };
}

/**
 * The webgpu route: probed in a child process first (see `probeDawnInChild`), then, only where the probe found
 * a GPU that computes right, started in this process. From source, without the built probe, in process at once.
 */
async function startWebgpu(
  dawn: DawnOptions | undefined,
  script = DAWN_PROBE_SCRIPT,
): Promise<BackendAttempt> {
  if (existsSync(script)) {
    const probe = await probeDawnInChild({ script, dawnOptions: dawn?.dawnOptions });
    if (!probe.ok) return fromDawn(probe);
  }
  return fromDawn(await startDawnBackend(dawn));
}

const NODE_PACKAGES = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
} as const;

/**
 * tfjs-node and tfjs-node-gpu, through `@shapes/runtime`. Imported from here first: installed into this app
 * (apps/node/node_modules), they are out of reach of `@shapes/runtime`'s own import, which resolves from
 * packages/runtime. Importing one registers tfjs's `tensorflow` backend, which `selectBackend` then starts.
 */
async function startTfjsNode(name: 'tfjs-node-gpu' | 'tfjs-node'): Promise<BackendAttempt> {
  try {
    await importOptional(NODE_PACKAGES[name]);
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Anything but "not here" is the real reason (e.g. libtensorflow or CUDA libraries that do not load).
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') {
      // Both packages register as `tensorflow`: a half-loaded one must not pass for the other.
      if (tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
      return { ok: false, reason: `installed, but it failed to load: ${firstLine(error)}` };
    }
  }
  const attempt = await startFromRuntime(name);
  if (!attempt.ok && tf.findBackendFactory('tensorflow')) tf.removeBackend('tensorflow');
  return attempt;
}

/** One backend through `selectBackend`, which knows how to start wasm (threads, training kernels) and the rest. */
async function startFromRuntime(
  name: 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu',
): Promise<BackendAttempt> {
  let report: BackendReport;
  try {
    report = await selectBackend({ backend: name });
  } catch (error) {
    if (error instanceof BackendUnavailableError) return { ok: false, reason: runtimeReason(error.message) };
    return { ok: false, reason: `failed to start: ${firstLine(error)}` };
  }
  return { ok: true, tfBackend: report.tfBackend, simd: report.simd, threads: report.threads };
}

/**
 * The reason inside `selectBackend`'s message for a backend asked for by option ("The X backend was asked for
 * (the backend option) but cannot run here: REASON. Leave the option out ..."); the whole message otherwise.
 */
export function runtimeReason(message: string): string {
  const match = /cannot run here: (.*?)\.? (?:Leave the option out|Unset SHAPES_BACKEND)/s.exec(message);
  return match?.[1] ?? message;
}

function importOptional(specifier: string): Promise<unknown> {
  return import(specifier);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
