import { build } from 'esbuild';

// The Dawn probe runs as a script of its own in a child process, which Node 20 cannot run from TypeScript: bundle
// it (our sources; packages stay imports) once per test run, where src/node/dawn-probe.ts looks for it.
export default async function setup(): Promise<void> {
  await build({
    entryPoints: ['src/node/dawn-probe-main.ts'],
    outfile: '.test-build/dawn-probe.js',
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
}
