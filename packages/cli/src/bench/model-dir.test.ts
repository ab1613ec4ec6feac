import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors/usage-error.js';
import { checkModelDir } from './model-dir.js';

const root = mkdtempSync(join(tmpdir(), 'shapes-bench-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('checkModelDir', () => {
  it('accepts a folder with a model.json', () => {
    const dir = join(root, 'model');
    mkdirSync(dir);
    writeFileSync(join(dir, 'model.json'), '{}');
    expect(() => checkModelDir(dir)).not.toThrow();
  });

  it('refuses a missing folder, a file, and a folder without model.json', () => {
    expect(() => checkModelDir(join(root, 'missing'))).toThrow(UsageError);
    expect(() => checkModelDir(join(root, 'missing'))).toThrow(
      /is not a folder \(give the folder a model was saved to\)/,
    );
    expect(() => checkModelDir(join(root, 'model', 'model.json'))).toThrow(
      `(give its folder: --model ${join(root, 'model')})`,
    );
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expect(() => checkModelDir(empty)).toThrow(/holds no model\.json, so it is not a saved model/);
  });
});
