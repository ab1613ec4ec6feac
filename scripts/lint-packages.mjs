#!/usr/bin/env node
// Checks every published package the way a registry user meets it: publint (the package.json fields and the
// files they point to, in the packed tarball) and Are The Types Wrong (whether TypeScript finds the types of
// every export under Node's and bundlers' resolution). ESM-only on purpose: the CommonJS resolutions are
// ignored (`--profile esm-only`). Prints each tool's output only when it fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const checks = [
  // npm packs here because publint would call a `pnpm` that is not on PATH (we run pnpm through npx).
  ['publint', [bin('publint'), '--pack', 'npm', '--strict']],
  ['attw', [bin('attw'), '--pack', '.', '--profile', 'esm-only', '--format', 'ascii']],
];
// What neither tool checks: the license and metadata a registry page shows, a `default` in every export, and
// tfjs as its parts (core, layers, backends), never the whole `@tensorflow/tfjs` with its data and converter.
const license = readFileSync(join(root, 'LICENSE'), 'utf8');
function hygiene(name, cwd) {
  const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
  const problems = [];
  const copy = existsSync(join(cwd, 'LICENSE')) && readFileSync(join(cwd, 'LICENSE'), 'utf8');
  if (copy !== license || !pkg.files.includes('LICENSE'))
    problems.push('LICENSE: a copy of the root one, in files');
  if (pkg.repository?.directory !== `packages/${name}` || !pkg.repository?.url) problems.push('repository');
  if (!pkg.bugs?.url || !pkg.homepage || !pkg.keywords?.length) problems.push('bugs, homepage, keywords');
  for (const [path, entry] of Object.entries(pkg.exports ?? {})) {
    if (typeof entry !== 'string' && !('default' in entry))
      problems.push(`exports["${path}"] has no default`);
  }
  const deps = { ...pkg.dependencies, ...pkg.peerDependencies };
  if ('@tensorflow/tfjs' in deps) problems.push('depends on the whole @tensorflow/tfjs');
  return problems;
}

let failed = 0;
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const cwd = join(root, 'packages', name);
  const problems = hygiene(name, cwd);
  console.log(
    `${problems.length ? 'FAIL' : 'ok  '} metadata @shapes/${name}${problems.map((p) => `\n  ${p}`).join('')}`,
  );
  failed += problems.length ? 1 : 0;
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
