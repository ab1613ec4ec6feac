import { defineConfig } from 'tsup';

const shared = { format: ['esm'], target: 'es2022', sourcemap: true, treeshake: true } as const;

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts' },
    dts: true,
    platform: 'neutral',
    // Everything but the probe script, which the second build writes at the same time.
    clean: ['!node/dawn-probe.*'],
    // Stable chunk names: package.json's `browser` field leaves the Node-only one (starting wasm's threads in Node,
    // with node:fs, node:os and friends) out of browser bundles; the other holds what both entries use.
    esbuildOptions(options) {
      options.chunkNames = '[name]';
    },
  },
  {
    ...shared,
    // The script `probeDawnInChild` runs in a child process (see src/node/dawn-probe.ts): one file, no chunks.
    entry: { 'node/dawn-probe': 'src/node/dawn-probe-main.ts' },
    platform: 'node',
    splitting: false,
  },
]);
