import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'node/index': 'src/node/index.ts',
    'node/generate-worker': 'src/node/generate-worker.ts',
  },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts' } },
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
