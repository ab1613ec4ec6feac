import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCleanUsageError, runCli, runJson, tempDir } from '../test/run-cli.js';

// Tiny runs: these check the command's behaviour, not the model's quality (the benchmarks measure that).
const TINY = ['--per-class', '40', '--outliers', '0', '--epochs', '1', '-q'];

describe('shapes train', () => {
  let root: string;
  let model: string;
  let first: Record<string, unknown> & {
    test: { accuracy: number; perClass: object; confusion: { labels: string[] } };
  };

  beforeAll(async () => {
    root = tempDir();
    model = path.join(root, 'base');
    const log = ['--log', path.join(root, 'train.csv')];
    first = (
      await runJson(['train', '--out', model, ...TINY, '--report', path.join(root, 'train.html'), ...log])
    ).json as typeof first;
  });

  it('saves a model folder with its metadata, open-set rule and checkpoints, and reports on held-out images', () => {
    const modelJson = JSON.parse(readFileSync(path.join(model, 'model.json'), 'utf8'));
    const meta = modelJson.userDefinedMetadata.shapes;
    expect(meta.classNames).toEqual(['circle', 'square', 'triangle']);
    expect(meta.openSet).toMatchObject({ method: 'softmax', tta: true });
    expect(existsSync(path.join(model, 'checkpoints', 'last', 'state.json'))).toBe(true);
    expect(first).toMatchObject({ classNames: ['circle', 'square', 'triangle'], arch: 'default', epochs: 1 });
    expect(first.test.accuracy).toBeGreaterThanOrEqual(0);
    expect(Object.keys(first.test.perClass)).toEqual(['circle', 'square', 'triangle']);
    expect(first.test.confusion.labels).toEqual(['circle', 'square', 'triangle']);
  });

  it('writes an HTML report with learning curves, the confusion matrix and images', () => {
    const html = readFileSync(path.join(root, 'train.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).toContain('confusion matrix');
    expect(html).toContain('data:image/png;base64,');
  });

  it('resumes from the last checkpoint and trains the remaining epochs', async () => {
    const log = ['--log', path.join(root, 'train.csv')];
    const { json } = await runJson(['train', '--out', model, '--resume', '--epochs', '2', '-q', ...log]);
    expect((json.history as unknown[]).length).toBe(2);
    const done = await runCli(['train', '--out', model, '--resume', '--epochs', '2']);
    expect(isCleanUsageError(done)).toBe(true);
    expect(done.stderr).toContain('pass --epochs above 2');
  });

  it('logs a CSV row per epoch with --log, and the resumed run goes on in the same file', () => {
    const [header, ...rows] = readFileSync(path.join(root, 'train.csv'), 'utf8').trimEnd().split('\n');
    expect(header).toMatch(/^kind,epoch,batch,loss,accuracy,valLoss,valAccuracy,rate,/);
    expect(rows.map((row) => row.split(',').slice(0, 2).join(' '))).toEqual(['epoch 0', 'epoch 1']);
    const history = first.history as { loss: number }[];
    expect(Number(rows[0]!.split(',')[3])).toBe(history[0]!.loss);
  });

  it('finishes a run stopped after its last epoch but before its model was saved', async () => {
    const run = path.join(root, 'unfinished');
    await runJson(['train', '--out', run, ...TINY]);
    rmSync(path.join(run, 'model.json'));
    rmSync(path.join(run, 'weights.bin'));
    const { json, stderr } = await runJson(['train', '--out', run, '--resume', '--epochs', '1']);
    expect(stderr).toContain('finishing the run');
    expect((json.history as unknown[]).length).toBe(1);
    expect(existsSync(path.join(run, 'model.json'))).toBe(true);
  });

  it('refuses to resume with options that would make another run (a size mismatch)', async () => {
    const run = await runCli(['train', '--out', model, '--resume', '--epochs', '3', '--size', '32']);
    expect(isCleanUsageError(run)).toBe(true);
    expect(run.stderr).toContain('was started with --size 64');
    const nothing = await runCli(['train', '--out', path.join(root, 'none'), '--resume']);
    expect(isCleanUsageError(nothing)).toBe(true);
    expect(nothing.stderr).toContain('no training run to resume');
  });

  it('never replaces a model without --force', async () => {
    const before = readFileSync(path.join(model, 'weights.bin'));
    const run = await runCli(['train', '--out', model, ...TINY]);
    expect(isCleanUsageError(run)).toBe(true);
    expect(run.stderr).toContain('already exists');
    expect(readFileSync(path.join(model, 'weights.bin')).equals(before)).toBe(true);
  });

  it('trains from an ImageFolder (--data), and says what is wrong with a bad one', async () => {
    const data = path.join(root, 'data');
    expect(
      (await runCli(['generate', '--out', data, '--shapes', 'star,square', '--per-class', '20', '-q'])).code,
    ).toBe(0);
    const { json } = await runJson([
      'train',
      '--out',
      path.join(root, 'from-folder'),
      '--data',
      data,
      '--epochs',
      '1',
      '-q',
    ]);
    // In the order the folder's manifest gives (the order generate wrote them in).
    expect(json.classNames).toEqual(['star', 'square']);
    const missing = await runCli(['train', '--out', path.join(root, 'm'), '--data', path.join(root, 'nope')]);
    expect(isCleanUsageError(missing)).toBe(true);
    expect(missing.stderr).toContain('does not exist');
    const few = path.join(root, 'few');
    await runCli(['generate', '--out', few, '--per-class', '3', '-q']);
    const tooFew = await runCli(['train', '--out', path.join(root, 'm2'), '--data', few]);
    expect(isCleanUsageError(tooFew)).toBe(true);
    expect(tooFew.stderr).toContain('fewer than 10 images');
  });

  it('refuses bad options', async () => {
    for (const args of [
      ['--shapes', 'circle,kite-tail'],
      ['--epochs', '0'],
      ['--arch', 'resnet'],
      ['--learning-rate', '-1'],
      ['--shapes', 'circle'],
      ['--log', path.join(root, 'train.txt')],
    ]) {
      const run = await runCli(['train', '--out', path.join(root, 'bad'), ...args]);
      expect(isCleanUsageError(run), `${args.join(' ')}: ${run.stderr}`).toBe(true);
    }
  });
});
