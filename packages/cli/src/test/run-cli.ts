// Test helpers: run the built `shapes` command in a child process, as a user would.
import { type ChildProcess, spawn } from 'node:child_process';
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

/** A run of `shapes` still going: its process, what it printed so far, and its end. */
export interface LiveCli {
  child: ChildProcess;
  stderr(): string;
  /** Resolves once stderr matches `pattern`; rejects if the run ends first or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  done: Promise<CliRun>;
}

/** Starts `shapes ...args` in `cwd` without waiting, to signal or kill it part way. */
export function startCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): LiveCli {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? process.cwd(),
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
    for (const check of watchers) check();
  });
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const check of watchers) check();
      resolve({ code: code ?? (signal === 'SIGKILL' ? 137 : -1), stdout, stderr });
    });
  });
  let ended = false;
  void done.then(() => {
    ended = true;
  });
  return {
    child,
    stderr: () => stderr,
    done,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        const check = () => {
          if (pattern.test(stderr)) {
            clearTimeout(timer);
            watchers.delete(check);
            resolve();
          } else if (ended || child.exitCode !== null) {
            clearTimeout(timer);
            watchers.delete(check);
            reject(new Error(`the run ended before ${pattern} appeared:\n${stderr}`));
          }
        };
        watchers.add(check);
        check();
      });
    },
  };
}

/** Runs `shapes ...args` in `cwd` and waits for it to exit. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return startCli(args, options).done;
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
