import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson, tempDir } from '../test/run-cli.js';

interface Answer {
  file: string;
  label: string;
  confidence: number;
  unknown: boolean;
  probabilities: Record<string, number>;
  top: { className: string; probability: number }[];
}

describe('shapes predict', () => {
  let root: string;
  let model: string;
  let files: string[];

  beforeAll(async () => {
    root = tempDir();
    model = path.join(root, 'base');
    await runJson(['train', '--out', model, '--per-class', '40', '--outliers', '0', '--epochs', '1', '-q']);
    await runCli([
      'generate',
      '--out',
      path.join(root, 'data'),
      '--per-class',
      '1',
      '--size',
      '100',
      '--channels',
      '3',
      '-q',
    ]);
    files = ['circle', 'square'].map((c) => path.join(root, 'data', c, '0.png'));
  });

  it('answers label, confidence and unknown for each file, of any size and colour', async () => {
    const { json } = await runJson<{ predictions: Answer[] }>(['predict', '--model', model, ...files, '-q']);
    expect(json.predictions.map((p) => p.file)).toEqual(files);
    for (const p of json.predictions) {
      expect(Object.keys(p.probabilities)).toEqual(['circle', 'square', 'triangle']);
      expect(Object.values(p.probabilities).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
      expect(p.confidence).toBe(Math.max(...Object.values(p.probabilities)));
      expect(p.label).toBe(
        p.unknown ? 'unknown' : Object.entries(p.probabilities).find(([, v]) => v === p.confidence)![0],
      );
      // `top` ranks them as classify does: unknown first when rejected, then the classes best first.
      expect(p.top[0]?.className).toBe(p.label);
      expect(p.top.filter((c) => c.className !== 'unknown')).toEqual(
        Object.entries(p.probabilities)
          .map(([className, probability]) => ({ className, probability }))
          .sort((a, b) => b.probability - a.probability),
      );
    }
    const text = await runCli(['predict', '--model', model, ...files, '-q']);
    expect(text.stdout).toMatch(/file\s+label\s+confidence\s+unknown/);
  });

  it('names the file that is missing or not an image', async () => {
    const missing = await runCli(['predict', '--model', model, path.join(root, 'nope.png')]);
    expect(isCleanUsageError(missing)).toBe(true);
    expect(missing.stderr).toContain('nope.png" does not exist');
    const text = path.join(root, 'notes.png');
    writeFileSync(text, 'hello');
    const notImage = await runCli(['predict', '--model', model, text]);
    expect(isCleanUsageError(notImage)).toBe(true);
    expect(notImage.stderr).toContain('not a PNG or JPEG');
    const noFiles = await runCli(['predict', '--model', model]);
    expect(isCleanUsageError(noFiles)).toBe(true);
    const noModel = await runCli(['predict', '--model', path.join(root, 'none'), ...files]);
    expect(isCleanUsageError(noModel)).toBe(true);
  });
});
