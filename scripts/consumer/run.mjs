#!/usr/bin/env node
// The packages as a stranger gets them: packs every package in packages/ (`pnpm pack`, which turns workspace:*
// into real versions), installs the tarballs with plain npm into a fresh project outside the workspace, then
// (1) runs node-smoke.mjs there (every package's public API: generate, train, predict, save, load), (2) bundles
// browser-entry.mjs for the browser with esbuild, which must succeed with no Node built-in in it, and (3) runs
// the installed `shapes` command: `--help` and a small `generate`. Needs the packages built (`pnpm build`).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const work = mkdtempSync(join(tmpdir(), 'shapes-consumer-'));
const started = performance.now();
const log = (message) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
function check(ok, message) {
  if (!ok) {
    console.error(`consumer test FAILED: ${message} (work folder: ${work})`);
    process.exit(1);
  }
  log(`ok: ${message}`);
}

for (const name of readdirSync(join(root, 'packages'))) {
  if (!existsSync(join(root, 'packages', name, 'dist'))) {
    check(false, `packages/${name} is not built: run \`npx pnpm@12.4.2 build\` first`);
  }
}
const packs = join(work, 'tarballs');
mkdirSync(packs);
run(
  'npx',
  ['--yes', 'pnpm@12.4.2', '-r', '--filter', './packages/*', 'pack', '--pack-destination', packs],
  root,
);
const tarballs = readdirSync(packs)
  .filter((f) => f.endsWith('.tgz'))
  .map((f) => join(packs, f));
check(tarballs.length === readdirSync(join(root, 'packages')).length, `packed ${tarballs.length} packages`);

const project = join(work, 'project');
mkdirSync(project);
writeFileSync(
  join(project, 'package.json'),
  `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
);
run(
  'npm',
  [
    'install',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    ...tarballs,
    '@tensorflow/tfjs@4.22.0',
    '@tensorflow/tfjs-core@4.22.0',
    '@tensorflow/tfjs-backend-cpu@4.22.0',
    '@tensorflow/tfjs-backend-wasm@4.22.0',
    'esbuild@^0.27.0',
  ],
  project,
);
const tfCopies = run('npm', ['ls', '@tensorflow/tfjs-core', '--all', '--parseable'], project)
  .trim()
  .split('\n');
check(
  new Set(tfCopies).size === 1,
  `npm installed them with one copy of tfjs-core (${tfCopies.length} path)`,
);

// 1. Node: the public API.
copyFileSync(join(here, 'node-smoke.mjs'), join(project, 'node-smoke.mjs'));
process.stdout.write(run('node', ['node-smoke.mjs'], project));
log('ok: node smoke');

// Each library package's README example, from the README inside its tarball, runs as written.
for (const name of ['data', 'runtime', 'models', 'train']) {
  const readme = readFileSync(join(project, 'node_modules', '@shapes', name, 'README.md'), 'utf8');
  const example = readme.match(/```ts\n([\s\S]*?)```/)?.[1];
  check(example !== undefined, `@shapes/${name}'s README has an example`);
  writeFileSync(join(project, `readme-${name}.mjs`), example);
  run('node', [`readme-${name}.mjs`], project);
  log(`ok: @shapes/${name}'s README example runs as written`);
}

// 2. The browser: a bundle of the four library packages with no Node built-in.
copyFileSync(join(here, 'browser-entry.mjs'), join(project, 'browser-entry.mjs'));
writeFileSync(
  join(project, 'bundle.mjs'),
  `import { build } from 'esbuild';
const result = await build({
  entryPoints: ['browser-entry.mjs'], bundle: true, format: 'esm', platform: 'browser', outdir: 'browser-out',
  splitting: true, metafile: true, logLevel: 'error',
});
const builtins = Object.keys(result.metafile.inputs).filter((p) => /^node:|^(fs|os|path|worker_threads|module|url|child_process)$/.test(p));
console.log(JSON.stringify({ inputs: Object.keys(result.metafile.inputs).length, builtins }));
`,
);
const bundle = JSON.parse(run('node', ['bundle.mjs'], project));
check(bundle.builtins.length === 0, `browser bundle of ${bundle.inputs} modules, no Node built-in`);

// 3. The `shapes` command from the installed tarball.
const help = run('npx', ['--no-install', 'shapes', '--help'], project);
check(/generate/.test(help) && /transfer/.test(help), '`npx shapes --help` lists the commands');
run(
  'npx',
  [
    '--no-install',
    'shapes',
    'generate',
    '--out',
    'gen',
    '--shapes',
    'circle,star',
    '--per-class',
    '5',
    '--quiet',
  ],
  project,
);
check(
  readdirSync(join(project, 'gen', 'star')).filter((f) => f.endsWith('.png')).length === 5,
  '`npx shapes generate` wrote 5 star PNGs',
);
log(`consumer test passed (work folder: ${work})`);
