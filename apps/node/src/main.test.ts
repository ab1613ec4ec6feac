import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadModelFromDir } from '@shapes/models/node';
import { TRANSFER_DEFAULTS } from '@shapes/train';
// The models the app wrote are loaded here too, on tfjs's cpu backend.
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Results } from './results.js';

const MAIN = path.resolve(import.meta.dirname, '../dist/main.js');

/** Runs the built app as a user would; resolves with its exit code and output. */
function runApp(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Every step, at sizes that only prove the wiring (accuracy is not the point here; the --quick run is).
const TINY = [
  '--quick',
  '--base-per-class',
  '24',
  '--epochs',
  '1',
  '--test-per-class',
  '8',
  '--head-samples',
  '1000',
  '--curve-shots',
  '1,2',
  '--scratch-samples',
  '100',
];

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'node-app-e2e-'));
});

describe('the built app, end to end', () => {
  it('runs every step, writes models that load, report.html and results.json, and says which backend ran', async () => {
    const out = path.join(root, 'experiment');
    const { code, stdout, stderr } = await runApp([...TINY, '--out', out]);
    expect(stderr).not.toMatch(/^error:/m);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['base', 'report.html', 'results.json', 'transfer']);
    // Nothing left beside it: written through a temporary folder.
    expect(readdirSync(root)).toEqual(['experiment']);

    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    // The backend printed at start is the one every step ran on.
    const printed = /^\[ *[\d.]+ s\] (backend: .*)$/m.exec(stderr)?.[1];
    expect(printed).toBe(results.backend.description);
    expect(stdout.split('\n')[0]).toBe(results.backend.description);
    expect(results.backend.ranOn).toBe(results.backend.tfBackend);
    expect(stdout).toContain(`ran on: ${results.backend.ranOn} (tfjs backend)`);
    // No tfjs-node here and no GPU for Dawn: wasm runs, and the skipped ones say why.
    expect(results.backend.backend).toBe('wasm');
    expect(results.backend.skipped.map((s) => s.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'webgpu']);

    expect(results.sizes).toMatchObject({ name: 'custom', basePerClass: 24, curveShots: [1, 2] });
    expect(results.base.test.images).toBe(8 * 3 * 2);
    expect(results.base.openSet.map((m) => m.method)).toEqual(['softmax', 'energy', 'prototype']);
    expect(results.transfer).toMatchObject({ classNames: ['star', 'pentagon', 'hexagon'], shots: 20 });
    expect(results.curve.points).toHaveLength(2 * 3);
    expect(results.curve.summary.map((s) => `${s.method} ${s.shots}`).sort()).toEqual([
      'prototype 1',
      'prototype 2',
      'scratch 1',
      'scratch 2',
      'transfer 1',
      'transfer 2',
    ]);
    expect(results.timings.totalSeconds).toBeGreaterThan(0);

    const base = await loadModelFromDir(path.join(out, 'base'));
    expect(base.metadata.classNames).toEqual(['circle', 'square', 'triangle']);
    expect(base.metadata.openSet?.method).toBe('softmax');
    expect(base.metadata.provenance?.notes).toMatch(/on the wasm backend: node .*main\.js --quick/);
    const transfer = await loadModelFromDir(path.join(out, 'transfer'));
    expect(transfer.metadata.classNames).toEqual(['star', 'pentagon', 'hexagon']);
    expect(transfer.metadata.openSet?.tta).toBe(true);
    // The same transfer workflow and defaults as `shapes transfer` and the web playground.
    expect(transfer.metadata.openSet?.knownRate).toBe(TRANSFER_DEFAULTS.knownRate);
    expect(base.metadata.openSet?.knownRate).toBe(TRANSFER_DEFAULTS.knownRate);
    expect(transfer.model.outputs[0]!.shape).toEqual([null, 3]);

    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('backend that ran');
    expect(html).toContain('wasm (SIMD');
    expect(html).toContain('Transfer against training from scratch');
    expect(html).toContain('Base: training curves');
    expect(html).toMatch(/<img[^>]+src="data:image\/png;base64,/);

    // Progress on stderr: each step, with elapsed seconds and throughput.
    for (const step of ['1/5 base', '2/5 evaluate', '3/5 transfer', '4/5 evaluate', '5/5 learning curve']) {
      expect(stderr).toContain(step);
    }
    expect(stderr).toMatch(/base: epoch 1\/1 loss [\d.]+ .*\| [\d.]+ s, \d+ samples\/s/);
    expect(stdout).toMatch(/done in [\d.]+ s; wrote /);
  });

  it('refuses an output folder that is not empty, before any work', async () => {
    const out = path.join(root, 'taken');
    mkdirSync(out);
    writeFileSync(path.join(out, 'mine.txt'), 'keep');
    const refused = await runApp([...TINY, '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error: --out: the folder "${out}" already exists and is not empty. Pass --force to replace it, or choose another --out.\n`,
    );
    expect(readdirSync(out)).toEqual(['mine.txt']);
  });

  it('with --force replaces an earlier run, never a file of the user; with --json prints results.json alone', async () => {
    const out = path.join(root, 'replaced');
    mkdirSync(out);
    writeFileSync(path.join(out, 'results.json'), '{}');
    writeFileSync(path.join(out, 'old.txt'), 'old');
    const refused = await runApp([...TINY, '--out', out, '--force']);
    expect(refused.code).toBe(2);
    expect(readFileSync(path.join(out, 'old.txt'), 'utf8')).toBe('old');
    rmSync(path.join(out, 'old.txt'));
    const { code, stdout } = await runApp([...TINY, '--curve-shots', '1', '--out', out, '--force', '--json']);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['base', 'report.html', 'results.json', 'transfer']);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')));
  });

  it('exits 2 with the list for a backend that does not exist, and 1 with the reason for one that cannot run', async () => {
    const unknown = await runApp(['--backend', 'cuda', '--out', path.join(root, 'none')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      "error: option '--backend <name>' argument 'cuda' is invalid. Allowed choices are tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu. (see --help)\n",
    );
    const missing = await runApp(['--backend', 'tfjs-node-gpu', '--out', path.join(root, 'none')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      'error: The tfjs-node-gpu backend was asked for (--backend) but cannot run here: not installed (npm install @tensorflow/tfjs-node-gpu). Leave --backend out to use the fastest backend that runs.\n',
    );
    const fromEnv = await runApp(['--out', path.join(root, 'none')], { SHAPES_BACKEND: 'webgl' });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain(
      "error: option '--backend <name>' value 'webgl' from env 'SHAPES_BACKEND' is invalid.",
    );
    expect(existsSync(path.join(root, 'none'))).toBe(false);
  });

  it('bad input: "error: <message>" on stderr, exit 2, no stack trace', async () => {
    for (const args of [['--seed', 'abc'], ['--frobnicate'], ['--curve-shots', '1,x']]) {
      const { code, stderr, stdout } = await runApp(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/^error: .+\n$/);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).toBe('');
    }
  });

  it('--help teaches what it runs, the backend order, and examples', async () => {
    const { code, stdout } = await runApp(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: node dist/main.js [options]');
    expect(stdout).toContain('tfjs-node-gpu, tfjs-node, webgpu, wasm, cpu');
    expect(stdout).toContain('--quick');
    expect(stdout).toContain('Examples:');
  });
});
