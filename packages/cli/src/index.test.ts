import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson } from './test/run-cli.js';

const COMMANDS = ['demo', 'generate', 'train', 'transfer', 'evaluate', 'predict', 'bench', 'info'];

describe('shapes', () => {
  it('lists every command in --help, with exit codes, and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const name of COMMANDS) expect(run.stdout).toContain(`  ${name}`);
    expect(run.stdout).toContain('Exit codes');
  });

  it.each(COMMANDS)('teaches %s with examples in its --help', async (name) => {
    const run = await runCli([name, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain(`$ shapes ${name}`);
  });

  it('exits 2 on an unknown command or option, without a stack trace', async () => {
    expect(isCleanUsageError(await runCli(['fly']))).toBe(true);
    expect(isCleanUsageError(await runCli(['info', '--colour']))).toBe(true);
  });

  it('stops quietly when the reader closes the pipe early (shapes ... | head)', async () => {
    // `info` takes a moment to start its backend, so the pipe is closed before it writes.
    const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../dist/index.js'), 'info']);
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdout.destroy();
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });

  it('prints its version', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('shapes info', () => {
  it('says which backend runs and why, as JSON', async () => {
    const { json } = await runJson<{
      backend: { backend: string; chosenBy: string };
      packages: Record<string, string | null>;
    }>(['info']);
    expect(json.backend.backend).toBe('wasm');
    expect(json.backend.chosenBy).toBe('fastest available');
    expect(json.packages['@tensorflow/tfjs-core']).toMatch(/^4\./);
    expect(json.packages['@tensorflow/tfjs-layers']).toMatch(/^4\./);
    expect(json.packages['@tensorflow/tfjs-node']).toBeNull();
  });

  it('honours --backend and refuses one that does not exist', async () => {
    const { json } = await runJson<{ backend: { backend: string; chosenBy: string } }>([
      'info',
      '--backend',
      'cpu',
    ]);
    expect(json.backend).toMatchObject({ backend: 'cpu', chosenBy: 'option' });
    expect(isCleanUsageError(await runCli(['info', '--backend', 'tpu']))).toBe(true);
    const absent = await runCli(['info', '--backend', 'tfjs-node']);
    expect(isCleanUsageError(absent)).toBe(true);
    expect(absent.stderr).toContain('tfjs-node');
  });
});
