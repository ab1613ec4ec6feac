import type { BackendLoader } from '../backend-loaders.js';
import { type DawnOptions, startDawnBackend } from './dawn.js';
import { type DawnProbeOptions, probeDawnInChild } from './dawn-probe.js';

/** Options of {@link dawnWebgpu}. */
export interface DawnRouteOptions extends DawnOptions {
  /**
   * The child-process probe that runs first (see `probeDawnInChild`), or `false` to start Dawn in this process at
   * once. Default: the built probe script, 60 s.
   */
  probe?: Omit<DawnProbeOptions, 'dawnOptions'> | false;
}

/**
 * The `webgpu` rung of Node's ladder: tfjs's WebGPU backend on Dawn (the optional `webgpu` package), for
 * `selectBackend({ routes: { webgpu: dawnWebgpu() } })`. It is probed in a child process first, and started in
 * this one only where the probe found a GPU that computes a test product right; otherwise the report says why
 * (not installed, no adapter, a software adapter, a wrong product). A process that ran on it should end with
 * `process.exit`: Dawn may crash tearing a device down at a natural exit.
 */
export function dawnWebgpu(options: DawnRouteOptions = {}): BackendLoader {
  return async () => {
    if (options.probe !== false) {
      const probe = await probeDawnInChild({ ...options.probe, dawnOptions: options.dawnOptions });
      if (!probe.ok) return { ok: false, reason: probe.reason };
    }
    const result = await startDawnBackend(options);
    return result.ok
      ? { ok: true, tfName: 'webgpu', adapter: result.adapter }
      : { ok: false, reason: result.reason };
  };
}
