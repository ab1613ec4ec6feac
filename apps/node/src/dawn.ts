import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

// The slice of WebGPU this route touches, typed here so the app needs neither `@webgpu/types` nor a DOM with
// WebGPU in it.
interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface GpuDevice {
  destroy?(): void;
}
interface GpuAdapter {
  features: { has(name: string): boolean };
  limits: Record<string, number>;
  info?: GpuAdapterInfo;
  isFallbackAdapter?: boolean;
  requestDevice(descriptor?: object): Promise<GpuDevice>;
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

/** Who the adapter says it is, for the report. */
export interface AdapterDescription {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

/** Where the route stopped, when it did not end with a working backend. */
export type DawnStage = 'import' | 'adapter' | 'device' | 'register' | 'check';

/** What {@link startDawnBackend} found. */
export type DawnResult =
  | { ok: true; adapter: AdapterDescription }
  | { ok: false; stage: DawnStage; reason: string; adapter?: AdapterDescription };

/** The package name, for messages. */
export const DAWN_PACKAGE = 'webgpu';

// Dawn can crash when its objects are collected or torn down while the process goes on (seen here with a device
// released mid-run: aborts and segfaults at exit). Holding them until exit, which main.ts makes explicit with
// process.exit, avoids that; it costs nothing next to a training run.
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
  const undo = () => {
    undoNavigator();
    undoGlobals();
  };
  let adapter: GpuAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    undo();
    return {
      ok: false,
      stage: 'adapter',
      reason: `Dawn failed to look for a GPU adapter: ${firstLine(error)}`,
    };
  }
  if (!adapter) {
    undo();
    return {
      ok: false,
      stage: 'adapter',
      reason: 'Dawn found no GPU adapter (no GPU, or no Vulkan, Metal or D3D12 driver it can use)',
    };
  }
  keepAlive.push(gpu, adapter);
  const described = describeAdapter(adapter);
  if (adapter.info?.isFallbackAdapter || adapter.isFallbackAdapter) {
    undo();
    return {
      ok: false,
      stage: 'adapter',
      reason: `Dawn offers only a software adapter (${adapterName(described)}), not a GPU`,
      adapter: described,
    };
  }
  let device: GpuDevice;
  try {
    device = await adapter.requestDevice(deviceDescriptor(adapter));
  } catch (error) {
    undo();
    return {
      ok: false,
      stage: 'device',
      reason: `Dawn's adapter (${adapterName(described)}) refused a device: ${firstLine(error)}`,
      adapter: described,
    };
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
    undo();
    return {
      ok: false,
      stage: 'register',
      reason: `tfjs's webgpu backend did not start on Dawn's adapter (${adapterName(described)}): ${firstLine(error)}`,
      adapter: described,
    };
  }
  const problem = await computeCheck(options.checkTimeoutMs ?? 30_000);
  if (problem) {
    dropBackend();
    undo();
    return {
      ok: false,
      stage: 'check',
      reason: `Dawn's adapter (${adapterName(described)}) started tfjs's webgpu backend but ${problem}, so it is not used`,
      adapter: described,
    };
  }
  return { ok: true, adapter: described };
}

/** `vendor device (description)`, or what there is of it. */
export function adapterName(a: AdapterDescription): string {
  const name = [a.vendor, a.architecture, a.device].filter(Boolean).join(' ');
  const full = a.description && a.description !== name ? `${name}${name ? ', ' : ''}${a.description}` : name;
  return full || 'unnamed adapter';
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

/** Puts Dawn's `GPU*` classes on the global object (tfjs-backend-webgpu uses e.g. `GPUBufferUsage`). */
function installGlobals(global: Record<string, unknown>, globals: object): () => void {
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
  if (existing && typeof existing === 'object') {
    const before = Object.getOwnPropertyDescriptor(existing, 'gpu');
    Object.defineProperty(existing, 'gpu', {
      value: gpu,
      configurable: true,
      writable: true,
      enumerable: true,
    });
    return () => {
      if (before) Object.defineProperty(existing, 'gpu', before);
      else delete existing.gpu;
    };
  }
  const before = Object.getOwnPropertyDescriptor(global, 'navigator');
  Object.defineProperty(global, 'navigator', {
    value: { gpu },
    configurable: true,
    writable: true,
    enumerable: false,
  });
  return () => {
    if (before) Object.defineProperty(global, 'navigator', before);
    else delete global.navigator;
  };
}

// Through a variable, so bundlers leave the optional package alone.
function importOptional(specifier: string): Promise<unknown> {
  return import(specifier);
}

async function importDawn(): Promise<DawnModule> {
  const module = (await importOptional(DAWN_PACKAGE)) as Partial<DawnModule> & {
    default?: Partial<DawnModule>;
  };
  const dawn = module.create ? module : module.default;
  if (!dawn?.create || !dawn.globals) throw new Error(`${DAWN_PACKAGE} exports no create() and globals`);
  return dawn as DawnModule;
}

async function importWebgpuBackend(): Promise<WebgpuBackendModule> {
  const module = (await importOptional('@tensorflow/tfjs-backend-webgpu')) as Partial<WebgpuBackendModule> & {
    default?: Partial<WebgpuBackendModule>;
  };
  const found = module.WebGPUBackend ?? module.default?.WebGPUBackend;
  if (!found) throw new Error('@tensorflow/tfjs-backend-webgpu exports no WebGPUBackend');
  return { WebGPUBackend: found };
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
    return `not installed (npm install ${DAWN_PACKAGE}; an optional dependency of this app)`;
  }
  return `installed, but it failed to load: ${message}`;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** The probe script built beside the app (dist/dawn-probe.js); absent when running from source. */
export const DAWN_PROBE_SCRIPT = fileURLToPath(new URL('./dawn-probe.js', import.meta.url));

/**
 * Runs {@link startDawnBackend} in a child process (`dawn-probe.js`) and returns its answer. Dawn's drivers write
 * their own lines to the process's stderr (e.g. "error: XDG_RUNTIME_DIR is invalid", Vulkan warnings), which
 * would read like this app's errors, and Dawn may crash or hang where a driver misbehaves: in a child, the noise
 * is captured (its Dawn warnings join the reason) and a crash is one more reason to skip the route.
 */
export async function probeDawnInChild(
  options: { script?: string; dawnOptions?: string[]; timeoutMs?: number } = {},
): Promise<DawnResult> {
  const script = options.script ?? DAWN_PROBE_SCRIPT;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { stdout, stderr, error } = await new Promise<{
    stdout: string;
    stderr: string;
    error: Error | null;
  }>((resolve) => {
    execFile(
      process.execPath,
      [script, ...(options.dawnOptions ?? [])],
      { timeout: timeoutMs, maxBuffer: 1 << 20 },
      (err, out, errOut) => resolve({ stdout: String(out), stderr: String(errOut), error: err }),
    );
  });
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  if (line) {
    const result = JSON.parse(line) as DawnResult & { dawnOptions?: unknown };
    delete result.dawnOptions;
    if (!result.ok) {
      const said = dawnWarnings(stderr);
      if (said.length > 0) result.reason += `; Dawn said: ${said.join(' / ')}`;
    }
    return result;
  }
  const killed = (error as { killed?: boolean; signal?: string } | null)?.killed;
  const signal = (error as { signal?: string } | null)?.signal;
  return {
    ok: false,
    stage: 'adapter',
    reason: killed
      ? `probing Dawn did not finish in ${timeoutMs / 1000} s`
      : `probing Dawn failed${signal ? ` (the probe died of ${signal})` : ''}: ${firstLine(stderr.trim() || error?.message || 'no answer')}`,
  };
}

/** Dawn's own `Warning:`/`Error:` lines, without their call-site lines, at most two. */
export function dawnWarnings(stderr: string): string[] {
  const lines = stderr
    .split('\n')
    .map((l) => /^(?:Warning|Error): (.+?)\.?$/.exec(l.trim())?.[1]?.trim())
    .filter((l): l is string => Boolean(l));
  return [...new Set(lines)].slice(0, 2);
}
