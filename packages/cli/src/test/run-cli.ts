// Test helpers: run the built `shapes` command in a child process, as a user would.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../../dist/index.js');

/** What a run of the command left: its exit code and both streams. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `shapes ...args` in `cwd` and waits for it to exit. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs the command with `--json` and parses stdout, which must be exactly one JSON document. */
export async function runJson<T = Record<string, unknown>>(
  args: readonly string[],
  options: { cwd?: string } = {},
) {
  const run = await runCli([...args, '--json'], options);
  if (run.code !== 0) throw new Error(`shapes ${args.join(' ')} exited ${run.code}:\n${run.stderr}`);
  return { ...run, json: JSON.parse(run.stdout) as T };
}

/** A fresh temporary folder. */
export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'shapes-cli-test-'));
}

/** Asserts the shape of a bad-input failure: exit 2, one `error:` line naming the problem, no stack trace. */
export function isCleanUsageError(run: CliRun): boolean {
  return run.code === 2 && run.stderr.includes('error:') && !/\n\s+at /.test(run.stderr) && run.stdout === '';
}
