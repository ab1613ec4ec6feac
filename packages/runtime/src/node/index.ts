export type { DawnModule, DawnOptions, DawnResult, DawnStage, WebgpuBackendModule } from './dawn.js';
export { DAWN_PACKAGE, startDawnBackend } from './dawn.js';
export type { DawnProbeOptions } from './dawn-probe.js';
export { DAWN_PROBE_SCRIPT, probeDawnInChild } from './dawn-probe.js';
export type { DawnRouteOptions } from './dawn-route.js';
export { dawnWebgpu } from './dawn-route.js';
