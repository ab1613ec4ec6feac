import { defineConfig } from 'tsup';

export default defineConfig({
  // `main` is the app; `dawn-probe` answers one question (does the WebGPU-through-Dawn route run here?) in a
  // process of its own, because Dawn can crash while tearing a device down at exit.
  entry: { main: 'src/main.ts', 'dawn-probe': 'src/dawn-probe.ts' },
  format: ['esm'],
  dts: false,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  // Optional at run time: imported only when installed, so the bundle must never try to resolve them.
  external: ['webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
  banner: { js: '#!/usr/bin/env node' },
});
