#!/usr/bin/env node
// The packages as a stranger gets them: packs every package in packages/ (`pnpm pack`, which turns workspace:*
// into real versions), then for each one makes a fresh npm project outside the workspace and installs exactly
// what its README's `npm install` line names (the @shapes packages as their tarballs, and those they depend on
// too, as the registry would give them), and runs the README's example there: its first ts/js block, or for the
// `shapes` command the rest of that sh block. Each install must name every package its example imports and every
// required peer of the @shapes packages it brings, hold at most one copy of tfjs-core, and none of the whole
// `@tensorflow/tfjs` and what only it needs (tfjs-data, tfjs-converter). In those projects it also runs
// node-smoke.mjs (every library's public API: generate, train, predict, save, load), bundles browser-entry.mjs
// for the browser (no Node built-in may end up in it) and runs the installed `shapes` command. Needs the
// packages built (`npx pnpm@12.4.2 test:consumer` builds them first).
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
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const work = mkdtempSync(join(tmpdir(), 'shapes-consumer-'));
const started = performance.now();
const log = (message) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);
// A command's stderr (npm's notes, the demo's progress) is shown only when it fails.
function run(command, args, cwd, env = process.env) {
  try {
    return execFileSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    check(false, `\`${command} ${args.join(' ')}\` in ${cwd} exited with ${error.status ?? error.signal}`);
  }
}
function check(ok, message) {
  if (!ok) {
    console.error(`consumer test FAILED: ${message} (work folder: ${work})`);
    process.exit(1);
  }
  log(`ok: ${message}`);
}
// Packages never to install: the whole tfjs, and the parts of it no @shapes package uses.
const UNWANTED = ['@tensorflow/tfjs', '@tensorflow/tfjs-data', '@tensorflow/tfjs-converter'];
// What an example takes from its reader, made here and put before it (every import runs first, so the example's
// backend is in when this runs): @shapes/models classifies "a canvas", here a tensor of a ring drawn as a pen would.
const GIVEN = {
  '@shapes/models': `import * as tf from '@tensorflow/tfjs-core';
const ring = (i) => Math.abs(Math.hypot((i % 64) - 31.5, Math.floor(i / 64) - 31.5) - 20) < 2;
const canvas = tf.tensor3d(Array.from({ length: 64 * 64 }, (_, i) => (ring(i) ? 0 : 255)), [64, 64, 1], 'int32');
`,
};

const folders = readdirSync(join(root, 'packages')).sort();
for (const name of folders) {
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
const manifests = new Map(
  folders.map((folder) => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', folder, 'package.json'), 'utf8'));
    return [manifest.name, { folder, manifest }];
  }),
);
const tarballOf = new Map(
  [...manifests].map(([name, { manifest }]) => {
    const file = join(packs, `${name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`);
    return [name, file];
  }),
);
check(
  [...tarballOf.values()].every((file) => existsSync(file)),
  `packed ${tarballOf.size} packages`,
);

/** What a README shows: the packages its `npm install` line names, and its example to run. */
function readmeOf(folder, manifest) {
  const readme = readFileSync(join(root, 'packages', folder, 'README.md'), 'utf8');
  const sh = readme.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '';
  const lines = sh
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
  const install = lines.find((line) => line.startsWith('npm install '));
  check(install !== undefined, `${manifest.name}'s README has an npm install line`);
  const names = install
    .split(/\s+/)
    .slice(2)
    .filter((word) => !word.startsWith('-'));
  // A command's example is the rest of its sh block; a library's, its first ts or js block.
  const example = manifest.bin
    ? lines.slice(lines.indexOf(install) + 1)
    : readme.match(/```(?:ts|js)\n([\s\S]*?)```/)?.[1];
  check(example !== undefined && example.length > 0, `${manifest.name}'s README has an example`);
  return { install, names, example, imports: manifest.bin ? [] : importsOf(example) };
}

/** The package names an ES module imports (bare specifiers only). */
function importsOf(code) {
  const specifiers = [...code.matchAll(/(?:^|\n)\s*import\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/g)].map(
    (m) => m[1],
  );
  return specifiers
    .filter((s) => !s.startsWith('.') && !s.startsWith('node:'))
    .map((s) =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

/** A fresh npm project with what `names` says installed, the @shapes packages from their tarballs. */
function install(dir, names) {
  mkdirSync(dir);
  // The @shapes packages the named ones depend on come from their tarballs too, as the registry would give them.
  const overrides = Object.fromEntries(
    [...tarballOf].filter(([name]) => !names.includes(name)).map(([name, file]) => [name, `file:${file}`]),
  );
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module', overrides }, null, 2)}\n`,
  );
  const specs = names.map((name) => tarballOf.get(name) ?? name);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs], dir);
  const installed = run('npm', ['ls', '--all', '--parseable'], dir)
    .trim()
    .split('\n')
    .filter((path) => path.includes('node_modules/'))
    .map((path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
  const megabytes = Number(
    run('du', ['-sm', '--apparent-size', join(dir, 'node_modules')], dir).split('\t')[0],
  );
  return { installed, megabytes };
}

const projects = new Map();
for (const [name, { folder, manifest }] of manifests) {
  if (manifest.private) continue;
  const { install: line, names, example, imports } = readmeOf(folder, manifest);
  check(names.includes(name), `${name}'s README installs ${name} (\`${line}\`)`);
  const dir = join(work, folder);
  const { installed, megabytes } = install(dir, names);
  const unwanted = installed.filter((path) => UNWANTED.includes(path));
  check(unwanted.length === 0, `${name}'s install holds no ${UNWANTED.join(', ')} (${megabytes} MB in all)`);
  const cores = installed.filter((path) => path === '@tensorflow/tfjs-core');
  check(cores.length <= 1, `${name}'s install holds at most one copy of tfjs-core (${cores.length})`);
  // What npm adds by itself (the peers) must be on the line too: yarn and strict pnpm setups do not add them.
  const brought = installed.filter((path) => path.startsWith('@shapes/'));
  const peers = brought.flatMap((shapes) => {
    const { peerDependencies = {}, peerDependenciesMeta = {} } = JSON.parse(
      readFileSync(join(dir, 'node_modules', shapes, 'package.json'), 'utf8'),
    );
    return Object.keys(peerDependencies).filter((peer) => !peerDependenciesMeta[peer]?.optional);
  });
  const needed = new Set([...peers, ...imports]);
  const missing = [...needed].filter((pkg) => !names.includes(pkg));
  check(
    missing.length === 0,
    `${name}'s install line names every import and peer${missing.length ? ` (missing: ${missing.join(', ')})` : ''}`,
  );

  if (manifest.bin) {
    // The README's lines, with the installed command first on the PATH (the line's `-g` put it on the PATH).
    const env = {
      ...process.env,
      PATH: `${join(dir, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`,
    };
    for (const command of example) {
      const [program, ...args] = command.split(/\s+/);
      run(program, args, dir, env);
      log(`ok: ${name}'s README runs \`${command}\``);
    }
  } else {
    writeFileSync(join(dir, 'readme.mjs'), `${GIVEN[name] ?? ''}${example}`);
    run('node', ['readme.mjs'], dir);
    log(`ok: ${name}'s README example runs as written`);
  }
  projects.set(name, dir);
}

// Every library at once, in the project of the one that uses the other three.
const libraries = projects.get('@shapes/train');
copyFileSync(join(here, 'node-smoke.mjs'), join(libraries, 'node-smoke.mjs'));
process.stdout.write(run('node', ['node-smoke.mjs'], libraries));
log('ok: node smoke');

// The browser: a bundle of the four library packages with no Node built-in (the workspace's esbuild does it).
const { build } = createRequire(join(root, 'packages', 'data', 'package.json'))('esbuild');
copyFileSync(join(here, 'browser-entry.mjs'), join(libraries, 'browser-entry.mjs'));
const result = await build({
  absWorkingDir: libraries,
  entryPoints: ['browser-entry.mjs'],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  outdir: 'browser-out',
  splitting: true,
  metafile: true,
  logLevel: 'error',
});
const inputs = Object.keys(result.metafile.inputs);
const builtins = inputs.filter((p) =>
  /^node:|^(fs|os|path|worker_threads|module|url|child_process)$/.test(p),
);
check(builtins.length === 0, `browser bundle of ${inputs.length} modules, no Node built-in`);

// The `shapes` command from its tarball, beyond the README's lines.
const cli = projects.get('@shapes/cli');
const help = run('npx', ['--no-install', 'shapes', '--help'], cli);
check(/generate/.test(help) && /transfer/.test(help), '`npx shapes --help` lists the commands');
const generate = ['generate', '--out', 'gen', '--shapes', 'circle,star', '--per-class', '5', '--quiet'];
run('npx', ['--no-install', 'shapes', ...generate], cli);
check(
  readdirSync(join(cli, 'gen', 'star')).filter((f) => f.endsWith('.png')).length === 5,
  '`npx shapes generate` wrote 5 star PNGs',
);
log(`consumer test passed (work folder: ${work})`);
