import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adapterName } from '../adapter.js';
import { type DawnModule, importFailure, startDawnBackend, type WebgpuBackendModule } from './dawn.js';
import { installNavigatorGpu } from './dawn-globals.js';
import { dawnWarnings, probeDawnInChild } from './dawn-probe.js';

interface FakeAdapter {
  features: Set<string>;
  limits: Record<string, number>;
  info: Record<string, unknown>;
  requestDevice(descriptor?: object): Promise<object>;
}

/** A Dawn module whose GPU answers with `adapter`, recording what it was asked and what the global held. */
function fakeDawn(adapter: FakeAdapter | null, global: Record<string, unknown>) {
  const seen: {
    createOptions?: string[];
    powerPreference?: string;
    gpuOnNavigator?: boolean;
    globals?: boolean;
  } = {};
  const gpu = {
    async requestAdapter(options?: { powerPreference?: string }) {
      seen.powerPreference = options?.powerPreference;
      seen.gpuOnNavigator = (global.navigator as { gpu?: unknown } | undefined)?.gpu === gpu;
      seen.globals = global.GPUBufferUsage !== undefined;
      return adapter;
    },
  };
  const dawn: DawnModule = {
    create(options) {
      seen.createOptions = options;
      return gpu;
    },
    globals: { GPUBufferUsage: { STORAGE: 128 } },
  };
  return { dawn, seen };
}

function fakeAdapter(overrides: Partial<FakeAdapter> = {}): FakeAdapter {
  return {
    features: new Set(['timestamp-query']),
    limits: { maxBufferSize: 1 << 30, maxStorageBufferBindingSize: 1 << 28 },
    info: { vendor: 'acme', architecture: 'fast', device: 'GX 1', description: 'test adapter' },
    requestDevice: async () => ({}),
    ...overrides,
  };
}

// tfjs's WebGPUBackend stand-in: a CPU backend registered under "webgpu", so the route's registration, setBackend
// and compute check run for real without a GPU.
const cpuAsWebgpu: WebgpuBackendModule = {
  WebGPUBackend: class extends MathBackendCPU {} as unknown as WebgpuBackendModule['WebGPUBackend'],
};

beforeAll(() => {
  // The stand-in runs the cpu backend's kernels under the "webgpu" name.
  for (const kernel of tf.getKernelsForBackend('cpu'))
    tf.registerKernel({ ...kernel, backendName: 'webgpu' });
});

afterEach(async () => {
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  await tf.setBackend('cpu');
});

describe('startDawnBackend', () => {
  it('says "not installed" when the webgpu package is absent', async () => {
    const missing = Object.assign(new Error("Cannot find package 'webgpu' imported from /app/dist/main.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const result = await startDawnBackend({ importDawn: () => Promise.reject(missing), global: {} });
    expect(result).toEqual({
      ok: false,
      stage: 'import',
      reason: 'not installed (npm install webgpu)',
    });
  });

  it('ends with "Dawn found no GPU adapter" and puts the global object back as it was (Node 20: no navigator)', async () => {
    const global: Record<string, unknown> = {};
    const { dawn, seen } = fakeDawn(null, global);
    const result = await startDawnBackend({
      importDawn: async () => dawn,
      global,
      dawnOptions: ['backend=vulkan'],
    });
    expect(result).toMatchObject({ ok: false, stage: 'adapter' });
    expect(!result.ok && result.reason).toMatch(/^Dawn found no GPU adapter/);
    expect(seen).toEqual({
      createOptions: ['backend=vulkan'],
      powerPreference: 'high-performance',
      gpuOnNavigator: true,
      globals: true,
    });
    expect(global).toEqual({});
  });

  it('sets gpu on the navigator Node 21+ already has, and takes only that back', async () => {
    const navigator = { hardwareConcurrency: 2, userAgent: 'Node.js/22' };
    const global: Record<string, unknown> = { navigator };
    const { dawn, seen } = fakeDawn(null, global);
    await startDawnBackend({ importDawn: async () => dawn, global });
    expect(seen.gpuOnNavigator).toBe(true);
    expect(global.navigator).toBe(navigator);
    expect(navigator).toEqual({ hardwareConcurrency: 2, userAgent: 'Node.js/22' });
  });

  it('refuses a software (fallback) adapter', async () => {
    const global: Record<string, unknown> = {};
    const adapter = fakeAdapter({
      info: { vendor: 'google', device: 'SwiftShader', isFallbackAdapter: true },
    });
    const result = await startDawnBackend({ importDawn: async () => fakeDawn(adapter, global).dawn, global });
    expect(result).toMatchObject({ ok: false, stage: 'adapter' });
    expect(!result.ok && result.reason).toBe(
      'Dawn offers only a software adapter (google SwiftShader), not a GPU',
    );
  });

  it('reports a device the adapter refuses', async () => {
    const global: Record<string, unknown> = {};
    const adapter = fakeAdapter({ requestDevice: () => Promise.reject(new Error('limit too high')) });
    const result = await startDawnBackend({ importDawn: async () => fakeDawn(adapter, global).dawn, global });
    expect(result).toMatchObject({ ok: false, stage: 'device' });
    expect(!result.ok && result.reason).toMatch(/refused a device: limit too high$/);
  });

  it("asks for the adapter's own limits and the features tfjs uses, as tfjs-backend-webgpu does in browsers", async () => {
    const global: Record<string, unknown> = {};
    let descriptor: object | undefined;
    const adapter = fakeAdapter({
      requestDevice: async (d) => {
        descriptor = d;
        return {};
      },
    });
    await startDawnBackend({
      importDawn: async () => fakeDawn(adapter, global).dawn,
      importBackend: async () => cpuAsWebgpu,
      global,
    });
    expect(descriptor).toEqual({
      requiredFeatures: ['timestamp-query'],
      requiredLimits: { maxBufferSize: 1 << 30, maxStorageBufferBindingSize: 1 << 28 },
    });
  });

  it('registers tfjs\'s "webgpu" backend with the device, sets it, and keeps it when the product is right', async () => {
    const global: Record<string, unknown> = {};
    const result = await startDawnBackend({
      importDawn: async () => fakeDawn(fakeAdapter(), global).dawn,
      importBackend: async () => cpuAsWebgpu,
      global,
    });
    expect(result).toEqual({
      ok: true,
      adapter: { vendor: 'acme', architecture: 'fast', device: 'GX 1', description: 'test adapter' },
    });
    expect(tf.getBackend()).toBe('webgpu');
    expect((global.navigator as { gpu?: unknown }).gpu).toBeDefined();
  });

  it('never keeps a backend that cannot compute: the check fails and "webgpu" is removed again', async () => {
    const global: Record<string, unknown> = {};
    // A backend with no kernels at all, like a device that runs nothing.
    const empty: WebgpuBackendModule = {
      WebGPUBackend: class extends tf.KernelBackend {
        override dispose() {}
      } as unknown as WebgpuBackendModule['WebGPUBackend'],
    };
    const result = await startDawnBackend({
      importDawn: async () => fakeDawn(fakeAdapter(), global).dawn,
      importBackend: async () => empty,
      global,
    });
    expect(result).toMatchObject({ ok: false, stage: 'check' });
    expect(!result.ok && result.reason).toMatch(
      /^Dawn's adapter \(acme fast GX 1, test adapter\) started tfjs's webgpu backend but failed a 128x128 matrix product: .* so it is not used$/,
    );
    expect(tf.findBackendFactory('webgpu')).toBeNull();
    expect(global).toEqual({});
  });
});

describe('Dawn for real (the webgpu package, in a child process)', () => {
  it('on this machine: ends in a skip reason, or in a GPU that computed the check right', async () => {
    const result = await probeDawnInChild();
    if (result.ok) {
      // Only on a machine with a GPU Dawn can use.
      expect(adapterName(result.adapter)).not.toBe('unnamed adapter');
    } else {
      expect(result.stage).toBe('adapter');
      expect(result.reason).toMatch(/^(Dawn found no GPU adapter|Dawn offers only a software adapter)/);
    }
  });

  it("Dawn's null adapter gets through registration and tf.setBackend('webgpu'), and is refused by the check", async () => {
    const result = await probeDawnInChild({ dawnOptions: ['backend=null'] });
    expect(result).toMatchObject({ ok: false, stage: 'check', adapter: { device: 'null-backend' } });
    expect(!result.ok && result.reason).toMatch(
      /^Dawn's adapter \(null-backend\) started tfjs's webgpu backend but computed a wrong result .* so it is not used/,
    );
  });
});

describe('helpers', () => {
  it('installNavigatorGpu undoes exactly what it did', () => {
    const global: Record<string, unknown> = {};
    const undo = installNavigatorGpu(global, 'gpu');
    expect(global.navigator).toEqual({ gpu: 'gpu' });
    undo();
    expect('navigator' in global).toBe(false);
    const navigator: Record<string, unknown> = { gpu: 'old' };
    const undo2 = installNavigatorGpu({ navigator }, 'new');
    expect(navigator.gpu).toBe('new');
    undo2();
    expect(navigator.gpu).toBe('old');
  });

  it('importFailure tells a missing package from a package without a prebuilt Dawn', () => {
    const missingBinary = Object.assign(
      new Error("Cannot find module '/x/node_modules/webgpu/dist/linux-riscv64/dawn.node'"),
      { code: 'MODULE_NOT_FOUND' },
    );
    expect(importFailure(missingBinary)).toMatch(/^installed, but has no prebuilt Dawn for /);
    expect(importFailure(new Error('boom'))).toBe('installed, but it failed to load: boom');
  });

  it("dawnWarnings keeps Dawn's own warnings, not its call sites nor other libraries' noise", () => {
    const stderr = [
      'error: XDG_RUNTIME_DIR is invalid or not set in the environment.',
      'Warning: Vulkan shaderUniform*ArrayDynamicIndexing required.',
      ' - While initializing adapter (backend=BackendType::Vulkan)',
      '    at InitializeImpl (PhysicalDeviceVk.cpp:257)',
    ].join('\n');
    expect(dawnWarnings(stderr)).toEqual(['Vulkan shaderUniform*ArrayDynamicIndexing required']);
  });
});
