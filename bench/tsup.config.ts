import { defineConfig } from 'tsup';

export default defineConfig({
  // One command, `main`, with a subcommand per benchmark. The web app's framing code and the e2e's drawings are
  // bundled in from apps/web, so `drawings` frames exactly as the page does.
  entry: { main: 'src/main.ts' },
  format: ['esm'],
  dts: false,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  banner: { js: '#!/usr/bin/env node' },
});
