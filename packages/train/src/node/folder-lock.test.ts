import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderLockedError } from '../errors/folder-locked-error.js';
import { LOCK_FILE, lockFolder } from './folder-lock.js';

const fresh = () => path.join(mkdtempSync(path.join(tmpdir(), 'shapes-lock-')), 'run');
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid as number;

function plant(dir: string, pid: number, host = hostname()): void {
  writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid, host, since: 'then', purpose: 'a test' }));
}

describe('lockFolder', () => {
  it('creates the folder, holds it, and frees it on release', () => {
    const dir = fresh();
    const lock = lockFolder(dir, 'a test');
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({
      pid: process.pid,
      purpose: 'a test',
    });
    expect(() => lockFolder(dir, 'a second run')).toThrow(FolderLockedError);
    lock.release();
    expect(existsSync(lock.file)).toBe(false);
    lockFolder(dir, 'again').release();
  });

  it('with removeCreated, removes on release a folder it created that stayed empty, and only that', () => {
    const dir = fresh();
    lockFolder(dir, 'a run that failed early', { removeCreated: true }).release();
    expect(existsSync(dir)).toBe(false);
    const written = lockFolder(dir, 'a run that wrote', { removeCreated: true });
    writeFileSync(path.join(dir, 'out.txt'), 'x');
    written.release();
    expect(existsSync(path.join(dir, 'out.txt'))).toBe(true);
    lockFolder(dir, 'an existing folder', { removeCreated: true }).release();
    expect(existsSync(dir)).toBe(true);
  });

  it('refuses a folder that a live process holds, naming it', async () => {
    const dir = fresh();
    lockFolder(dir, 'setup').release();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      plant(dir, child.pid as number);
      expect(() => lockFolder(dir, 'a test')).toThrow(`pid ${child.pid}`);
    } finally {
      child.kill();
    }
  });

  it("takes over a dead process's lock, and never one from another machine", () => {
    const dir = fresh();
    lockFolder(dir, 'setup').release();
    plant(dir, deadPid());
    const lock = lockFolder(dir, 'a test');
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    plant(dir, deadPid(), 'another-host');
    expect(() => lockFolder(dir, 'a test')).toThrow(/another-host/);
  });
});
