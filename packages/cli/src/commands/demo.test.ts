import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEMO } from '@shapes/train';
import { describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson, tempDir } from '../test/run-cli.js';

interface DemoResult {
  seconds: number;
  base: { classNames: string[]; test: { accuracy: number; unknown: { expected: number } } };
  transfer: {
    classNames: string[];
    shots: number;
    test: { accuracy: number; unknown: { expected: number; flagged: number; classes: string[] } };
  };
  unseen: { shape: string; label: string; unknown: boolean; confidence: number };
  comparison: { method: string; shots: number; accuracy: number; seconds: number }[];
}

describe('shapes demo', () => {
  it('runs the whole story: base, evaluate, transfer, evaluate, an unseen shape, and transfer against scratch', async () => {
    const root = tempDir();
    const report = path.join(root, 'demo.html');
    const { json, stderr } = await runJson<DemoResult>([
      'demo',
      '--report',
      report,
      '--out',
      path.join(root, 'models'),
    ]);
    for (const step of [
      '1/6 base',
      '2/6 evaluate',
      '3/6 transfer',
      '4/6 evaluate',
      '5/6 predict',
      '6/6 compare',
    ]) {
      expect(stderr).toContain(step);
    }
    expect(json.base.classNames).toEqual(DEMO.baseShapes);
    expect(json.transfer.classNames).toEqual(DEMO.newShapes);
    expect(json.transfer.test.unknown).toMatchObject({
      expected: DEMO.unknownPerClass,
      classes: [DEMO.unseen],
    });
    expect(json.unseen.shape).toBe(DEMO.unseen);
    // The new head alone takes hexagons for pentagons; the base check brings back many as unknown (30 of 100
    // with seed 1), the probe among them.
    expect(json.unseen).toMatchObject({ label: 'unknown', unknown: true });
    expect(json.transfer.test.unknown.flagged).toBeGreaterThanOrEqual(DEMO.unknownPerClass / 4);
    // The point of the demo: features learned on the base make 20 examples per class enough.
    const at = (method: string) =>
      json.comparison.find((p) => p.method === method && p.shots === DEMO.shots)!;
    expect(at('transfer').accuracy).toBeGreaterThan(at('scratch').accuracy);
    expect(at('transfer').accuracy).toBeGreaterThan(0.9);
    expect(json.base.test.accuracy).toBeGreaterThan(0.9);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('Transfer against training from scratch');
    expect(existsSync(path.join(root, 'models', 'base', 'model.json'))).toBe(true);
    expect(existsSync(path.join(root, 'models', 'transfer', 'model.json'))).toBe(true);
    const again = await runCli(['demo', '--report', report]);
    expect(isCleanUsageError(again)).toBe(true);
  });
});
