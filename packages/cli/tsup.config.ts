import { defineConfig } from 'tsup';

export default defineConfig({
  // The `shapes` command; it ships no declarations (the libraries it runs on are the packages beside it).
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: false,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
});
