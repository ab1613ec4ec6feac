#!/usr/bin/env node
// `pretest` of every package with workspace dependencies: builds what the package's tests import (the dist of
// each @shapes package it depends on), so `pnpm --filter @shapes/<name> test` works on a fresh clone and builds
// nothing else. Under `turbo run test` the root's `^build` dependency has done it already: turbo marks its tasks
// with TURBO_HASH, and building again there would rewrite the dist folders other packages' tests are reading.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// biome-ignore lint/suspicious/noUndeclaredEnvVars: turbo sets TURBO_HASH in its own tasks; it is no input.
if (process.env.TURBO_HASH) process.exit(0);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { name } = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8'));
const result = spawnSync(
  join(root, 'node_modules', '.bin', 'turbo'),
  ['run', 'build', `--filter=${name}^...`, '--output-logs=errors-only'],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
