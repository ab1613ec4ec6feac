import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createDataset } from '@shapes/data';
import { encodePng } from '@shapes/data/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson, tempDir } from '../test/run-cli.js';

interface Summary {
  accuracy: number;
  macroF1: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  confusion: { labels: string[]; columns: string[]; matrix: number[][] };
  unknown: {
    expected: number;
    flagged: number;
    knownFlagged: number;
    knownFlaggedShare: number;
    auroc: number | null;
    classes: string[];
  };
}

/** A 96x80 RGB PNG of a generated shape, inverted (light on dark becomes dark on light and back). */
function bigInvertedRgb(shape: string, seed: number): Uint8Array {
  const ds = createDataset({ shapes: [shape], perClass: 1, seed, size: 96, channels: 3 });
  const rgb = ds.images as Uint8Array;
  const cropped = new Uint8Array(80 * 96 * 3);
  for (let y = 0; y < 80; y++) cropped.set(rgb.subarray((y + 8) * 96 * 3, (y + 9) * 96 * 3), y * 96 * 3);
  return encodePng(
    cropped.map((v) => 255 - v),
    96,
    80,
    3,
  );
}

describe('shapes evaluate', () => {
  let root: string;
  let model: string;
  let data: string;

  beforeAll(async () => {
    root = tempDir();
    model = path.join(root, 'base');
    data = path.join(root, 'data');
    await runJson(['train', '--out', model, '--per-class', '60', '--epochs', '1', '-q']);
    await runCli([
      'generate',
      '--out',
      data,
      '--shapes',
      'circle,square,star',
      '--per-class',
      '6',
      '--seed',
      '9',
      '-q',
    ]);
    // Any size and polarity: images of another size, in colour and inverted, join the folder.
    for (const i of [0, 1])
      writeFileSync(path.join(data, 'circle', `big-${i}.png`), bigInvertedRgb('circle', 40 + i));
  });

  it('reports accuracy, per-class figures, the confusion matrix and the open-set figures as one JSON document', async () => {
    const { json } = await runJson<Summary>(['evaluate', '--model', model, '--data', data, '-q']);
    expect(Object.keys(json.perClass)).toEqual(['circle', 'square', 'triangle']);
    expect(json.perClass.circle!.support).toBe(8);
    expect(json.perClass.triangle!.support).toBe(0);
    expect(json.confusion.labels).toEqual(['circle', 'square', 'triangle', 'unknown']);
    expect(json.confusion.columns).toEqual(['circle', 'square', 'triangle', 'unknown']);
    expect(json.confusion.matrix.flat().reduce((a, b) => a + b, 0)).toBe(20);
    expect(json.confusion.matrix[3]!.reduce((a, b) => a + b, 0)).toBe(6);
    expect(json.unknown).toMatchObject({ expected: 6, classes: ['star'] });
    expect(json.unknown.flagged).toBe(json.confusion.matrix[3]![3]);
    // Known images answered "unknown": the unknown column of the known rows, and their share of the 14.
    const knownUnknown = json.confusion.matrix.slice(0, 3).reduce((sum, row) => sum + row[3]!, 0);
    expect(json.unknown.knownFlagged).toBe(knownUnknown);
    expect(json.unknown.knownFlaggedShare).toBeCloseTo(knownUnknown / 14);
    expect(json.unknown.auroc).toBeGreaterThanOrEqual(0);
    expect(json.unknown.auroc).toBeLessThanOrEqual(1);
    expect(json.accuracy).toBeGreaterThanOrEqual(0);
  });

  it('prints tables for people and writes an HTML report', async () => {
    const report = path.join(root, 'eval.html');
    const run = await runCli(['evaluate', '--model', model, '--data', data, '--report', report, '-q']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/class\s+precision\s+recall\s+f1\s+support/);
    expect(run.stdout).toMatch(/true \\ answer\s+circle\s+square\s+triangle\s+unknown/);
    expect(run.stdout).toContain('of 6 images of classes the model does not know (star)');
    expect(run.stdout).toMatch(/, \d+ of 14 known images answered "unknown" \(\d+\.\d%\), macro F1/);
    expect(readFileSync(report, 'utf8')).toContain('known images answered &quot;unknown&quot;');
    const again = await runCli(['evaluate', '--model', model, '--data', data, '--report', report]);
    expect(isCleanUsageError(again)).toBe(true);
  });

  it('says what is wrong with a folder that is not a model, missing data, or a broken image', async () => {
    const notModel = await runCli(['evaluate', '--model', data, '--data', data]);
    expect(isCleanUsageError(notModel)).toBe(true);
    expect(notModel.stderr).toContain('is not a model folder');
    const missing = await runCli(['evaluate', '--model', model, '--data', path.join(root, 'nope')]);
    expect(isCleanUsageError(missing)).toBe(true);
    const broken = path.join(root, 'broken');
    mkdirSync(path.join(broken, 'circle'), { recursive: true });
    writeFileSync(path.join(broken, 'circle', 'a.png'), 'not a png');
    const run = await runCli(['evaluate', '--model', model, '--data', broken]);
    expect(isCleanUsageError(run)).toBe(true);
    expect(run.stderr).toContain('a.png');
  });
});
