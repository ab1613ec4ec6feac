import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FolderLockedError, LOCK_FILE } from '@shapes/train/node';
import { InvalidArgumentError } from 'commander';
import { beforeEach, describe, expect, it } from 'vitest';
import { assertFreeOutput, claimOutput, writeFolderAtomic } from './output-dir.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'node-app-out-'));
});

describe('assertFreeOutput', () => {
  it('accepts a missing or empty folder', () => {
    expect(() => assertFreeOutput(path.join(root, 'missing'), false)).not.toThrow();
    mkdirSync(path.join(root, 'empty'));
    expect(() => assertFreeOutput(path.join(root, 'empty'), false)).not.toThrow();
  });

  it('refuses a folder with something in it unless forced, and says how to go on', () => {
    const dir = path.join(root, 'taken');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    expect(() => assertFreeOutput(dir, false)).toThrow(InvalidArgumentError);
    expect(() => assertFreeOutput(dir, false)).toThrow(
      `--out: the folder "${dir}" already exists and is not empty. Pass --force to replace it, or choose another --out.`,
    );
    // --force replaces the experiment's own files, never the user's.
    expect(() => assertFreeOutput(dir, true)).toThrow(
      `--out: "${path.join(dir, 'keep.txt')}" is not a file of`,
    );
    rmSync(path.join(dir, 'keep.txt'));
    mkdirSync(path.join(dir, 'base'));
    writeFileSync(path.join(dir, 'base', 'model.json'), '{}');
    writeFileSync(path.join(dir, 'results.json'), '{}');
    expect(() => assertFreeOutput(dir, true)).not.toThrow();
    writeFileSync(path.join(dir, 'base', 'notes.md'), 'mine');
    expect(() => assertFreeOutput(dir, true)).toThrow(path.join(dir, 'base', 'notes.md'));
  });

  it('refuses a file, even with --force', () => {
    const file = path.join(root, 'file');
    writeFileSync(file, 'x');
    expect(() => assertFreeOutput(file, true)).toThrow(`--out: "${file}" is a file, not a folder.`);
  });
});

describe('claimOutput', () => {
  it('locks the folder for this run: a second run is refused, naming the first; a folder it created goes again', () => {
    const dir = path.join(root, 'claimed');
    const lock = claimOutput(dir, false);
    expect(readdirSync(dir)).toEqual([LOCK_FILE]);
    // The lock and the litter of an operating system are nobody's content.
    writeFileSync(path.join(dir, '.DS_Store'), 'x');
    expect(() => assertFreeOutput(dir, false)).not.toThrow();
    expect(() => claimOutput(dir, true)).toThrow(FolderLockedError);
    rmSync(path.join(dir, '.DS_Store'));
    lock.release();
    expect(existsSync(dir)).toBe(false);
  });

  it('keeps the lock on the folder that writeFolderAtomic puts in place', async () => {
    const dir = path.join(root, 'locked');
    const lock = claimOutput(dir, false);
    await writeFolderAtomic(dir, false, async (temp) => writeFile(path.join(temp, 'results.json'), '{}'));
    expect(readdirSync(dir).sort()).toEqual([LOCK_FILE, 'results.json']);
    expect(() => claimOutput(dir, true)).toThrow(FolderLockedError);
    lock.release();
    expect(readdirSync(dir)).toEqual(['results.json']);
  });
});

describe('writeFolderAtomic', () => {
  it('writes the whole folder, creating parents, and leaves no temporary folder', async () => {
    const dir = path.join(root, 'a', 'b', 'out');
    await writeFolderAtomic(dir, false, async (temp) => {
      expect(existsSync(dir)).toBe(false);
      await writeFile(path.join(temp, 'results.json'), '{}');
    });
    expect(readdirSync(dir)).toEqual(['results.json']);
    expect(readdirSync(path.dirname(dir))).toEqual(['out']);
  });

  it('replaces an existing folder only with force, and a failure leaves it as it was', async () => {
    const dir = path.join(root, 'out');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'results.json'), 'old');
    const fill = async (temp: string) => writeFile(path.join(temp, 'report.html'), 'new');
    await expect(writeFolderAtomic(dir, false, fill)).rejects.toThrow('Pass --force to replace it');
    await expect(
      writeFolderAtomic(dir, true, async () => {
        throw new Error('training failed');
      }),
    ).rejects.toThrow('training failed');
    expect(readdirSync(dir)).toEqual(['results.json']);
    await writeFolderAtomic(dir, true, fill);
    expect(readdirSync(dir)).toEqual(['report.html']);
    expect(readFileSync(path.join(dir, 'report.html'), 'utf8')).toBe('new');
    expect(readdirSync(root)).toEqual(['out']);
  });
});
