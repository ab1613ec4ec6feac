#!/usr/bin/env node
// Checks every published package the way a registry user meets it: publint (the package.json fields and the
// files they point to, in the packed tarball) and Are The Types Wrong (whether TypeScript finds the types of
// every export under Node's and bundlers' resolution). ESM-only on purpose: the CommonJS resolutions are
// ignored (`--profile esm-only`). Prints each tool's output only when it fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const checks = [
  // npm packs here because publint would call a `pnpm` that is not on PATH (we run pnpm through npx).
  ['publint', [bin('publint'), '--pack', 'npm', '--strict']],
  ['attw', [bin('attw'), '--pack', '.', '--profile', 'esm-only', '--format', 'ascii']],
];
let failed = 0;
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const cwd = join(root, 'packages', name);
  for (const [tool, [command, ...args]] of checks) {
    const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
    const ok = result.status === 0;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${tool} @shapes/${name}`);
    if (!ok) {
      failed++;
      process.stdout.write(`${result.stdout}${result.stderr}\n`);
    }
  }
}
if (failed) {
  console.error(`${failed} package check(s) failed`);
  process.exit(1);
}
