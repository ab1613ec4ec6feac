import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  clean: true,
  treeshake: true,
  // A stable name for the Node-only chunk (starting wasm's threads in Node), so package.json's `browser` field can
  // leave it out of browser bundles: it imports node:fs, node:os and friends, which a browser cannot load.
  esbuildOptions(options) {
    options.chunkNames = '[name]';
  },
});
