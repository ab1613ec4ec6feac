#!/usr/bin/env node
// Checks the wasm training kernels in a real browser: bundles entry.ts with esbuild, serves it cross-origin
// isolated (so tfjs can run its threaded wasm build), opens it in Debian's Chromium (`apt-get install
// chromium`; never a downloaded browser) and compares every gradient with the cpu backend's. Exits non-zero on
// any difference above 1e-4 (relative), when wasm or our kernels (with their helper thread) do not run on the
// two threads asked for, or when Chromium is missing.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromePath)) {
  console.error(`Chromium not found at ${chromePath}: apt-get install chromium (or set CHROMIUM_PATH).`);
  process.exit(1);
}
const bundle = await build({
  entryPoints: [join(here, 'entry.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  write: false,
  logLevel: 'error',
  // Node-only code behind `platform === 'node'` branches; never reached in a browser.
  external: ['node:*'],
});
const require = createRequire(import.meta.url);
const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
const page =
  '<!doctype html><meta charset="utf-8"><title>runtime</title><script type="module" src="/entry.js"></script>';
const server = createServer((req, res) => {
  const headers = {
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
  };
  if (req.url === '/') res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(page);
  else if (req.url === '/entry.js') {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(bundle.outputFiles[0].contents);
  } else if (req.url?.startsWith('/wasm/') && req.url.endsWith('.wasm')) {
    const file = join(wasmDir, req.url.slice('/wasm/'.length));
    if (!existsSync(file)) res.writeHead(404, headers).end();
    else res.writeHead(200, { ...headers, 'Content-Type': 'application/wasm' }).end(readFileSync(file));
  } else res.writeHead(404, headers).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: chromePath, args: ['--no-sandbox'] });
let failed = true;
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (e) => console.error('page error:', e.message));
  tab.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  tab.on('requestfailed', (r) => console.error('request failed:', r.url()));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  await tab.waitForFunction(() => globalThis.__result !== undefined, undefined, { timeout: 60_000 });
  const result = await tab.evaluate(() => globalThis.__result);
  console.log(JSON.stringify(result, null, 2));
  failed =
    Boolean(result.error) ||
    !result.simdKernels ||
    result.threads !== 2 ||
    result.kernelThreads !== 2 ||
    result.checks.some((c) => !(c.error < 1e-4));
} finally {
  await browser.close();
  server.close();
}
if (failed) {
  console.error('browser check FAILED');
  process.exit(1);
}
console.log('browser check passed');
