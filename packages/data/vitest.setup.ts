import { build } from 'esbuild';

// Worker threads cannot run TypeScript on Node 20, so the parallel generator's tests need the worker as
// JavaScript: bundle it (with everything it imports) once per test run.
export default async function setup(): Promise<void> {
  await build({
    entryPoints: ['src/node/generate-worker.ts'],
    outfile: '.test-build/generate-worker.js',
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
}
