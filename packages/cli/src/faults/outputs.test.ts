import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, startCli, tempDir } from '../test/run-cli.js';

const TINY = ['--per-class', '40', '--outliers', '0', '--epochs', '1', '--no-tta', '-q'];

/** A folder of the user's: what `--force` must never delete. */
function projectFolder(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'src', 'main.c'), 'int main(void) { return 0; }\n');
  return dir;
}

describe('--force replaces only what shapes wrote', () => {
  let root: string;
  let model: string;

  beforeAll(async () => {
    root = tempDir();
    model = path.join(root, 'model');
    expect((await runCli(['train', '--out', model, ...TINY])).code).toBe(0);
  });

  it('shapes generate --out . --force in a project folder refuses and keeps its files', async () => {
    const dir = projectFolder();
    const run = await runCli(['generate', '--out', '.', '--force', '--per-class', '2', '-q'], { cwd: dir });
    expect(isCleanUsageError(run), run.stderr).toBe(true);
    expect(run.stderr).toContain('will not replace it');
    expect(readFileSync(path.join(dir, 'src', 'main.c'), 'utf8')).toContain('main');
  });

  it('shapes generate --force replaces a dataset it wrote, contact sheet and all', async () => {
    const dir = path.join(root, 'data');
    expect((await runCli(['generate', '--out', dir, '--per-class', '2', '-q'])).code).toBe(0);
    const again = await runCli(['generate', '--out', dir, '--per-class', '3', '--force', '-q']);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'circle', '2.png'))).toBe(true);
  });

  it('shapes train and transfer --force refuse a folder with files of the user', async () => {
    const dir = projectFolder();
    const trained = await runCli(['train', '--out', dir, '--force', ...TINY]);
    expect(isCleanUsageError(trained), trained.stderr).toBe(true);
    expect(trained.stderr).toContain(path.join(dir, 'src'));
    const transferred = await runCli(['transfer', '--from', model, '--out', dir, '--force', '-q']);
    expect(isCleanUsageError(transferred), transferred.stderr).toBe(true);
    expect(existsSync(path.join(dir, 'src', 'main.c'))).toBe(true);
  });

  it('shapes train --force replaces a model folder it wrote', async () => {
    const dir = path.join(root, 'again');
    expect((await runCli(['train', '--out', dir, ...TINY])).code).toBe(0);
    const again = await runCli(['train', '--out', dir, '--force', ...TINY]);
    expect(again.code, again.stderr).toBe(0);
  });

  it('--report --force replaces a report of shapes, never another file', async () => {
    const notes = path.join(root, 'notes.html');
    writeFileSync(notes, '<p>my notes</p>\n');
    const refused = await runCli(['evaluate', '--model', model, '--report', notes, '--force', '-q']);
    expect(isCleanUsageError(refused), refused.stderr).toBe(true);
    expect(readFileSync(notes, 'utf8')).toBe('<p>my notes</p>\n');
    const report = path.join(root, 'report.html');
    const data = path.join(root, 'data');
    for (let i = 0; i < 2; i++) {
      const run = await runCli([
        'evaluate',
        '--model',
        model,
        '--data',
        data,
        '--report',
        report,
        '--force',
        '-q',
      ]);
      expect(run.code, run.stderr).toBe(0);
    }
  });

  it('train --out FILE --force says it is a file, before making any data', async () => {
    const file = path.join(root, 'a-file');
    writeFileSync(file, 'x');
    const run = await runCli(['train', '--out', file, '--force', ...TINY.slice(0, -1)]);
    expect(isCleanUsageError(run), run.stderr).toBe(true);
    expect(run.stderr).toContain('is a file, not a folder');
    expect(run.stderr).not.toContain('generating');
  });
});

describe('one run per output folder', () => {
  it('refuses a second run on a folder in use (exit 1, naming the first), and the first finishes', async () => {
    const dir = path.join(tempDir(), 'model');
    const first = startCli(['train', '--out', dir, '--per-class', '300', '--outliers', '0', '--epochs', '2']);
    await first.waitFor(/generating/);
    const second = await runCli(['train', '--out', dir, '--resume', '--epochs', '3', '-q']);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    const forced = await runCli(['train', '--out', dir, '--force', ...TINY]);
    expect(forced.code).toBe(1);
    expect((await first.done).code).toBe(0);
    expect(existsSync(path.join(dir, '.shapes.lock'))).toBe(false);
  });

  it('takes over the lock of a run that was killed', async () => {
    const dir = path.join(tempDir(), 'model');
    mkdirSync(dir);
    // The lock a killed run leaves: its pid belongs to no process any more.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const lock = { pid: dead, host: hostname(), since: new Date().toISOString(), purpose: 'shapes train' };
    writeFileSync(path.join(dir, '.shapes.lock'), JSON.stringify(lock));
    const run = await runCli(['train', '--out', dir, ...TINY]);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(dir, '.shapes.lock'))).toBe(false);
  });

  it('trains where a run was killed while starting, before its run.json was written', async () => {
    const dir = path.join(tempDir(), 'model');
    // What such a kill leaves: the checkpoints folder and run.json's temporary file, no run.json.
    mkdirSync(path.join(dir, 'checkpoints'), { recursive: true });
    writeFileSync(path.join(dir, 'checkpoints', '.run.json.12345.abcd1234.tmp'), '{"sha');
    const run = await runCli(['train', '--out', dir, ...TINY]);
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(path.join(dir, 'checkpoints')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    // A folder with a run in it is still the user's to resume or replace.
    const again = await runCli(['train', '--out', dir, ...TINY]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});
