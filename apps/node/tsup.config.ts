import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  dts: false,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  // Optional at run time: imported only when installed, so the bundle must never try to resolve them.
  external: ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
  banner: { js: '#!/usr/bin/env node' },
});
