import { defineConfig } from 'tsup';

export default defineConfig({
  // `index` is the `shapes` command; `report` is the HTML report renderer, published as `@shapes/cli/report` so
  // apps can write the same reports without running the command.
  entry: { index: 'src/index.ts', report: 'src/report/index.ts' },
  format: ['esm'],
  // The command ships no declarations; the report subpath does, for the apps that import it.
  dts: { entry: { report: 'src/report/index.ts' } },
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  // Only the command needs it; on report.js (and shared chunks) a leading hashbang is legal ES syntax and inert.
  banner: { js: '#!/usr/bin/env node' },
});
