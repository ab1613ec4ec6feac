import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson, tempDir } from '../test/run-cli.js';

describe('shapes generate', () => {
  it('writes an ImageFolder with a manifest and a contact sheet, and prints one JSON document', async () => {
    const dir = path.join(tempDir(), 'data');
    const { json, stderr } = await runJson([
      'generate',
      '--out',
      dir,
      '--shapes',
      'star,hexagon',
      '--per-class',
      '7',
    ]);
    expect(json).toMatchObject({ images: 14, classNames: ['star', 'hexagon'], size: [64, 64], channels: 1 });
    expect(readdirSync(path.join(dir, 'star'))).toHaveLength(7);
    expect(readdirSync(path.join(dir, 'hexagon'))).toHaveLength(7);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.classNames).toEqual(['star', 'hexagon']);
    expect(readFileSync(path.join(dir, 'contact-sheet.png')).subarray(1, 4).toString()).toBe('PNG');
    expect(stderr).toContain('generating 14 images');
  });

  it('gives the same bytes for the same seed and other bytes for another', async () => {
    const root = tempDir();
    const args = (out: string, seed: string) => [
      'generate',
      '--out',
      path.join(root, out),
      '--per-class',
      '3',
      '--seed',
      seed,
      '--no-sheet',
      '-q',
    ];
    for (const [out, seed] of [
      ['a', '5'],
      ['b', '5'],
      ['c', '6'],
    ] as const)
      expect((await runCli(args(out, seed))).code).toBe(0);
    const bytes = (out: string) => readFileSync(path.join(root, out, 'square', '2.png'));
    expect(bytes('a').equals(bytes('b'))).toBe(true);
    expect(bytes('a').equals(bytes('c'))).toBe(false);
  });

  it('honours --preset seed, --size and --channels', async () => {
    const dir = path.join(tempDir(), 'rgb');
    const { json } = await runJson([
      'generate',
      '--out',
      dir,
      '--per-class',
      '2',
      '--size',
      '32',
      '--channels',
      '3',
      '--no-sheet',
    ]);
    expect(json).toMatchObject({ size: [32, 32], channels: 3 });
    expect(existsSync(path.join(dir, 'contact-sheet.png'))).toBe(false);
  });

  it('refuses bad input with a message that names the fix, exit 2 and no stack trace', async () => {
    const root = tempDir();
    const out = path.join(root, 'x');
    const unknownShape = await runCli(['generate', '--out', out, '--shapes', 'circle,kite-tail']);
    expect(isCleanUsageError(unknownShape)).toBe(true);
    expect(unknownShape.stderr).toMatch(/unknown shape "kite-tail".*Shapes: circle/);
    const negative = await runCli(['generate', '--out', out, '--per-class', '-3']);
    expect(isCleanUsageError(negative)).toBe(true);
    expect(negative.stderr).toContain('--per-class must be an integer of at least 1');
    expect(isCleanUsageError(await runCli(['generate', '--out', out, '--preset', 'photo']))).toBe(true);
    expect(isCleanUsageError(await runCli(['generate']))).toBe(true);
  });

  it('never replaces an existing folder without --force', async () => {
    const root = tempDir();
    const out = path.join(root, 'mine');
    await runCli(['generate', '--out', out, '--per-class', '1', '--no-sheet', '-q']);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const again = await runCli(['generate', '--out', out, '--per-class', '2']);
    expect(isCleanUsageError(again)).toBe(true);
    expect(again.stderr).toContain('--force');
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    // --force replaces the dataset, never a file of the user's in it.
    const forced = await runCli(['generate', '--out', out, '--per-class', '2', '--force', '-q']);
    expect(isCleanUsageError(forced)).toBe(true);
    expect(forced.stderr).toContain('notes.txt');
    rmSync(path.join(out, 'notes.txt'));
    expect((await runCli(['generate', '--out', out, '--per-class', '2', '--force', '-q'])).code).toBe(0);
    expect(readdirSync(path.join(out, 'circle'))).toHaveLength(2);
  });
});
