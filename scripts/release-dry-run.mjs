#!/usr/bin/env node
// The release, rehearsed without publishing: in a throwaway clone of this commit, `changeset version` must bump
// every package that has a changeset and write its CHANGELOG.md (the private apps untouched), then each package
// is packed and `pnpm publish --dry-run` shows what npm would receive, with workspace:* turned into the new
// versions. The real release is `npx pnpm@12.4.2 release` (build, then `changeset publish`). `changeset publish`
// has no dry-run mode, and pnpm ignores npm_config_dry_run under it (tried: it went on to publish, and the
// registry refused), so this runs the very command it runs for each package, `pnpm publish --access public
// --tag latest`, with --dry-run. Needs the packages built (`npx pnpm@12.4.2 build`); their dist folders are
// copied into the clone.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const clone = join(mkdtempSync(join(tmpdir(), 'shapes-release-')), 'repo');
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const manifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
function check(ok, message) {
  if (!ok) {
    console.error(`release dry run FAILED: ${message} (clone: ${clone})`);
    process.exit(1);
  }
  console.log(`ok: ${message}`);
}

run('git', ['clone', '--quiet', root, clone], root);
const pending = readdirSync(join(clone, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
const packages = readdirSync(join(clone, 'packages')).map((name) => join(clone, 'packages', name));
const before = new Map(packages.map((dir) => [manifest(dir).name, manifest(dir).version]));
const apps = readdirSync(join(clone, 'apps')).map((name) => join(clone, 'apps', name));
const appVersions = apps.map((dir) => manifest(dir).version);

run(join(root, 'node_modules', '.bin', 'changeset'), ['version'], clone);
const bumped = packages.filter((dir) => manifest(dir).version !== before.get(manifest(dir).name));
check(
  pending.length === 0 || bumped.length > 0,
  `changeset version consumed ${pending.length} changesets and bumped ${bumped
    .map((dir) => `${manifest(dir).name} ${before.get(manifest(dir).name)} -> ${manifest(dir).version}`)
    .join(', ')}`,
);
for (const dir of bumped) {
  const changelog = join(dir, 'CHANGELOG.md');
  check(
    existsSync(changelog) && readFileSync(changelog, 'utf8').includes(`## ${manifest(dir).version}`),
    `${manifest(dir).name}: CHANGELOG.md has a ${manifest(dir).version} section`,
  );
}
check(
  apps.every((dir, i) => manifest(dir).version === appVersions[i]),
  'the private apps kept their versions (ignored by changesets)',
);

const tarballs = join(clone, '..', 'tarballs');
const bumpedNames = new Set(bumped.map((dir) => manifest(dir).name));
const newVersion = (dep) => manifest(packages.find((dir) => manifest(dir).name === dep)).version;
// pnpm turns workspace:* into versions from the installed workspace; the store on this machine makes it quick.
run(
  'npx',
  ['--yes', 'pnpm@12.4.2', 'install', '--frozen-lockfile', '--prefer-offline', '--ignore-scripts'],
  clone,
);
for (const dir of packages) {
  const name = manifest(dir).name;
  const dist = join(root, 'packages', dir.split('/').at(-1), 'dist');
  check(existsSync(dist), `${name} is built`);
  cpSync(dist, join(dir, 'dist'), { recursive: true });
  const out = run(
    'npx',
    [
      '--yes',
      'pnpm@12.4.2',
      'publish',
      '--dry-run',
      '--no-git-checks',
      '--access',
      'public',
      '--tag',
      'latest',
      '--json',
    ],
    dir,
  );
  const dry = JSON.parse(out.slice(out.indexOf('{')));
  // What npm would receive: the manifest inside the tarball, with workspace:* replaced.
  const packOut = run('npx', ['--yes', 'pnpm@12.4.2', 'pack', '--json', '--pack-destination', tarballs], dir);
  const { filename } = JSON.parse(packOut.slice(packOut.indexOf('{')));
  const published = JSON.parse(run('tar', ['-xzOf', filename, 'package/package.json'], dir));
  const deps = Object.entries(published.dependencies ?? {});
  const wrong = deps.filter(
    ([dep, v]) => v.startsWith('workspace:') || (bumpedNames.has(dep) && !v.includes(newVersion(dep))),
  );
  check(
    dry.version === manifest(dir).version && wrong.length === 0,
    `${name}@${dry.version}: would publish ${dry.files?.length ?? '?'} files; dependencies ${deps.map(([d, v]) => `${d}@${v}`).join(', ') || 'none'}`,
  );
}
console.log('release dry run passed');
