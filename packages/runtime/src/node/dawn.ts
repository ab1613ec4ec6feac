import * as tf from '@tensorflow/tfjs-core';
import { type AdapterDescription, adapterName } from '../adapter.js';
import { firstLine } from '../first-line.js';
import { installGlobals, installNavigatorGpu } from './dawn-globals.js';

// The slice of WebGPU this route touches, typed here so the package needs neither `@webgpu/types` nor a DOM with
// WebGPU in it.
interface GpuAdapter {
  features: { has(name: string): boolean };
  limits: Record<string, number>;
  info?: Partial<AdapterDescription> & { isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
  requestDevice(descriptor?: object): Promise<object>;
}
interface Gpu {
  requestAdapter(options?: {
    powerPreference?: 'high-performance' | 'low-power';
  }): Promise<GpuAdapter | null>;
}

/** What the `webgpu` npm package (Dawn's Node binding) exports. */
export interface DawnModule {
  create(options: string[]): Gpu;
  globals: object;
}

/** What `@tensorflow/tfjs-backend-webgpu` exports that this route needs. */
export interface WebgpuBackendModule {
  WebGPUBackend: new (device: never, adapterInfo?: never) => tf.KernelBackend;
}

/** Options of {@link startDawnBackend}. */
export interface DawnOptions {
  /**
   * Options for Dawn's `create` (e.g. `backend=vulkan`, `adapter=NAME`). Default: none, Dawn's own choice.
   * `backend=null` gives a dummy adapter that computes nothing: the compute check rejects it.
   */
  dawnOptions?: string[];
  /** Loads the `webgpu` package. Default: a dynamic import, so the package stays optional. */
  importDawn?: () => Promise<DawnModule>;
  /** Loads tfjs's WebGPU backend. Default: a dynamic import of `@tensorflow/tfjs-backend-webgpu`. */
  importBackend?: () => Promise<WebgpuBackendModule>;
  /** The global object that gets `navigator.gpu`. Default: `globalThis`. */
  global?: Record<string, unknown>;
  /** How long the compute check may take before the adapter counts as broken. Default: 30 s. */
  checkTimeoutMs?: number;
}

/** Where the route stopped, when it did not end with a working backend. */
export type DawnStage = 'import' | 'adapter' | 'device' | 'register' | 'check';

/** What {@link startDawnBackend} found. */
export type DawnResult =
  | { ok: true; adapter: AdapterDescription }
  | { ok: false; stage: DawnStage; reason: string; adapter?: AdapterDescription };

/** The npm package of Dawn's Node binding, for messages. */
export const DAWN_PACKAGE = 'webgpu';

// Dawn can crash when its objects are collected or torn down while the process goes on (aborts and segfaults at
// exit after a device was released mid-run). Holding them until exit avoids that; a caller that used the route
// ends its process with process.exit. It costs nothing next to a training run.
const keepAlive: unknown[] = [];

/**
 * Starts tfjs's WebGPU backend in Node on Dawn (the `webgpu` npm package, prebuilt in its tarball, no
 * libtensorflow), or says at which step and why it could not. On success `tf.getBackend()` is `webgpu`.
 *
 * Steps: import `webgpu` (absent: "not installed"); put its `GPU*` classes on the global object and
 * `navigator.gpu = create(options)` (Node 20 has no `navigator`, Node 21+ has one without `gpu`); ask for a
 * high-performance adapter (none: "Dawn found no GPU adapter"); request a device with the adapter's limits, as
 * tfjs-backend-webgpu's own `base.ts` does in browsers; register `webgpu` with that device (tfjs registers it on
 * import only where `navigator.gpu` already exists, and then asks for an adapter of its own); set it; and run a
 * matrix product big enough to run on the GPU (tfjs hands small ops to the CPU) against its known answer, so an
 * adapter that computes nothing, like Dawn's `backend=null`, is never reported as working.
 */
export async function startDawnBackend(options: DawnOptions = {}): Promise<DawnResult> {
  const global = options.global ?? (globalThis as unknown as Record<string, unknown>);
  let dawn: DawnModule;
  try {
    dawn = await (options.importDawn ?? importDawn)();
  } catch (error) {
    return { ok: false, stage: 'import', reason: importFailure(error) };
  }
  const undoGlobals = installGlobals(global, dawn.globals);
  const gpu = dawn.create(options.dawnOptions ?? []);
  const undoNavigator = installNavigatorGpu(global, gpu);
  const fail = (stage: DawnStage, reason: string, adapter?: AdapterDescription): DawnResult => {
    undoNavigator();
    undoGlobals();
    return { ok: false, stage, reason, ...(adapter ? { adapter } : {}) };
  };
  let adapter: GpuAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return fail('adapter', `Dawn failed to look for a GPU adapter: ${firstLine(error)}`);
  }
  if (!adapter) {
    return fail(
      'adapter',
      'Dawn found no GPU adapter (no GPU, or no Vulkan, Metal or D3D12 driver it can use)',
    );
  }
  keepAlive.push(gpu, adapter);
  const described = describeAdapter(adapter);
  const named = `Dawn's adapter (${adapterName(described)})`;
  if (adapter.info?.isFallbackAdapter || adapter.isFallbackAdapter) {
    return fail(
      'adapter',
      `Dawn offers only a software adapter (${adapterName(described)}), not a GPU`,
      described,
    );
  }
  let device: object;
  try {
    device = await adapter.requestDevice(deviceDescriptor(adapter));
  } catch (error) {
    return fail('device', `${named} refused a device: ${firstLine(error)}`, described);
  }
  keepAlive.push(device);
  try {
    const { WebGPUBackend } = await (options.importBackend ?? importWebgpuBackend)();
    // An earlier import with navigator.gpu in place registered tfjs's own factory, which would ask for another
    // adapter; ours uses the device we already hold.
    if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
    tf.registerBackend('webgpu', async () => new WebGPUBackend(device as never, adapter.info as never));
    if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") returned false');
  } catch (error) {
    dropBackend();
    return fail(
      'register',
      `tfjs's webgpu backend did not start on ${named}: ${firstLine(error)}`,
      described,
    );
  }
  const problem = await computeCheck(options.checkTimeoutMs ?? 30_000);
  if (problem) {
    dropBackend();
    return fail(
      'check',
      `${named} started tfjs's webgpu backend but ${problem}, so it is not used`,
      described,
    );
  }
  return { ok: true, adapter: described };
}

function describeAdapter(adapter: GpuAdapter): AdapterDescription {
  const info = adapter.info ?? {};
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
  };
}

// The limits tfjs-backend-webgpu's base.ts asks for in browsers: the adapter's own, not WebGPU's low defaults.
const LIMITS = [
  'maxComputeWorkgroupStorageSize',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupSizeX',
  'maxComputeInvocationsPerWorkgroup',
];

function deviceDescriptor(adapter: GpuAdapter): object {
  const requiredFeatures = ['timestamp-query', 'bgra8unorm-storage'].filter((f) => adapter.features.has(f));
  const requiredLimits = Object.fromEntries(
    LIMITS.filter((k) => typeof adapter.limits[k] === 'number').map((k) => [k, adapter.limits[k]]),
  );
  return { requiredFeatures, requiredLimits };
}

// 128x128 ones times itself: every entry is 128. Large enough that tfjs runs it on the device rather than
// handing it to the CPU as it does for small tensors.
const CHECK_SIZE = 128;

/** Runs one product on the current backend; returns what went wrong, or undefined when the answer is right. */
async function computeCheck(timeoutMs: number): Promise<string | undefined> {
  let product: tf.Tensor | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
    timer.unref();
  });
  try {
    product = tf.tidy(() => {
      const a = tf.ones([CHECK_SIZE, CHECK_SIZE]);
      return tf.matMul(a, a);
    });
    const values = await Promise.race([product.data(), timeout]);
    if (values === 'timeout') return `a 128x128 matrix product did not finish in ${timeoutMs / 1000} s`;
    const wrong = values.findIndex((v) => v !== CHECK_SIZE);
    if (wrong >= 0) {
      return `computed a wrong result (a 128x128 product of ones gave ${values[wrong]} where ${CHECK_SIZE} is right)`;
    }
    return undefined;
  } catch (error) {
    return `failed a 128x128 matrix product: ${firstLine(error)}`;
  } finally {
    clearTimeout(timer);
    try {
      product?.dispose();
    } catch {
      // A backend that failed the product may fail to free it too; it is dropped next.
    }
  }
}

function dropBackend(): void {
  if (!tf.findBackendFactory('webgpu')) return;
  try {
    tf.removeBackend('webgpu');
  } catch {
    // Disposing a backend that never worked can fail too; the registration is gone either way.
  }
}

// Through a variable, so bundlers leave the optional packages alone.
function importOptional(specifier: string): Promise<unknown> {
  return import(specifier);
}

/** A module's named export, or its default export's (CommonJS seen from ESM). */
async function exported<K extends string>(specifier: string, key: K): Promise<Record<K, unknown>> {
  const module = (await importOptional(specifier)) as Record<string, unknown> & {
    default?: Record<K, unknown>;
  };
  return (module[key] ? module : (module.default ?? {})) as Record<K, unknown>;
}

async function importDawn(): Promise<DawnModule> {
  const dawn = (await exported(DAWN_PACKAGE, 'create')) as Partial<DawnModule>;
  if (!dawn.create || !dawn.globals) throw new Error(`${DAWN_PACKAGE} exports no create() and globals`);
  return dawn as DawnModule;
}

async function importWebgpuBackend(): Promise<WebgpuBackendModule> {
  const { WebGPUBackend } = await exported('@tensorflow/tfjs-backend-webgpu', 'WebGPUBackend');
  if (!WebGPUBackend) throw new Error('@tensorflow/tfjs-backend-webgpu exports no WebGPUBackend');
  return { WebGPUBackend } as WebgpuBackendModule;
}

/** Why the `webgpu` package would not load, in the words the backend report uses. */
export function importFailure(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = firstLine(error);
  // A missing prebuilt binary is also MODULE_NOT_FOUND, but the package is there: say which platform lacks it.
  if (/dawn\.node/.test(message)) {
    return `installed, but has no prebuilt Dawn for ${process.platform}-${process.arch}: ${message}`;
  }
  if (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    /Cannot find (module|package)/.test(message)
  ) {
    return `not installed (npm install ${DAWN_PACKAGE})`;
  }
  return `installed, but it failed to load: ${message}`;
}
